import { InvalidServiceType, type Context, type ListOptions, type ResourceDict, type ResourceRequest, type ServicePlugin } from '@net-server/lib';
import {
  givenString,
  requireCoreCapabilities,
  ResourceStore,
  selectFields,
  unwrapBody,
  type CoreCapabilities,
  type PluginInit,
  type Session,
} from 'net-server';
import { FLAVORS_EXTENSION, FLAVORS_SERVICE_TYPE, SERVICE_PROFILES } from '../api/definitions.js';
import type { FlavorRow, ServiceProfileRow } from '../db/schema.js';
import { FlavorInUse, ServiceProfileDriverNotFound, ServiceProfileEmpty } from '../errors.js';
import { bindProfile, boundPair, ensureProfileNotInUse, nextProvider, profilesOf, unbindProfile, type NextProvider } from './flavor-bindings.js';
import { flavorTable, serviceProfileTable } from './flavor-tables.js';
import { ServiceProviders, type ServiceProviderEntry } from './service-providers.js';

/** Whether some resource of another plugin uses a flavor (a router's flavor_id): such a flavor is not deleted. */
export type FlavorUser = (session: Session, flavorId: string) => Promise<boolean>;

/**
 * The `flavors` service plugin (neutron's FlavorsPlugin): flavors, service
 * profiles and the service profiles of a flavor, with neutron's
 * get_flavor_next_provider for the plugins whose resources take a flavor.
 *
 * What other plugins use (found in the plugin directory under FLAVORS):
 * `addServiceProviders` (the providers their drivers are), `addFlavorUser`
 * (so that a flavor in use is not deleted: FlavorInUse), `getFlavor` and
 * `nextProviderIn`/`getFlavorNextProvider`.
 */
export class FlavorsPlugin implements ServicePlugin {
  readonly pluginType = FLAVORS_SERVICE_TYPE;
  readonly pluginDescription = 'Neutron Flavors and Service Profiles manager plugin';
  readonly supportedExtensionAliases = [FLAVORS_EXTENSION.alias];
  readonly resources = ['flavors', SERVICE_PROFILES];
  readonly nativePaginationSupport = true;
  readonly nativeSortingSupport = true;
  readonly flavors: ResourceStore<FlavorRow>;
  readonly serviceProfiles: ResourceStore<ServiceProfileRow>;
  readonly providers: ServiceProviders;
  readonly #core: Pick<CoreCapabilities, 'transactions'>;
  readonly #init: PluginInit;
  readonly #users = new Set<FlavorUser>();

  constructor(init: PluginInit) {
    this.#init = init;
    this.#core = requireCoreCapabilities(init.directory.corePlugin, 'flavors', ['transactions']);
    this.providers = new ServiceProviders(init.config);
    this.flavors = new ResourceStore(this.#core.transactions, { ...flavorTable, release: (session, row) => this.#release(session, row.id) });
    this.flavors.hooks.add({ extendDicts: extendFlavors });
    this.serviceProfiles = new ResourceStore(this.#core.transactions, {
      ...serviceProfileTable,
      release: (session, row) => ensureProfileNotInUse(session, row.id),
    });
  }

  /** Adds providers service profiles may name the drivers of; the function returned removes them. */
  addServiceProviders(providers: readonly ServiceProviderEntry[]): () => void {
    return this.providers.add(providers);
  }

  /** Adds a check that a flavor is in use; the function returned removes it. */
  addFlavorUser(user: FlavorUser): () => void {
    this.#users.add(user);
    return () => this.#users.delete(user);
  }

  /** neutron's get_flavor_next_provider in a transaction the caller holds. */
  nextProviderIn(session: Session, flavorId: string): Promise<NextProvider> {
    return nextProvider(session, this.providers, flavorId);
  }

  async getFlavorNextProvider(context: Context, flavorId: string): Promise<NextProvider[]> {
    return [await this.#core.transactions.read(context, (session) => this.nextProviderIn(session, flavorId))];
  }

  createFlavor(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, 'flavor');
    const serviceType = givenString(request, 'service_type') ?? '';
    // neutron's type:service_plugin_type: the service type of a loaded plugin.
    if (!this.#init.directory.get(serviceType)) throw new InvalidServiceType({ service_type: serviceType });
    return this.flavors.create(context, request);
  }
  updateFlavor(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.flavors.update(context, id, unwrapBody(body, 'flavor'));
  }
  deleteFlavor(context: Context, id: string): Promise<void> {
    return this.flavors.delete(context, id);
  }
  getFlavor(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.flavors.get(context, id, fields);
  }
  getFlavors(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.flavors.list(context, options);
  }
  getFlavorsCount(context: Context, filters?: ListOptions['filters']): Promise<number> {
    return this.flavors.count(context, filters);
  }

  /** neutron's create_service_profile: a driver that is a known provider's, or else metainfo. */
  createServiceProfile(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, 'service_profile');
    const driver = givenString(request, 'driver') ?? '';
    if (driver !== '') this.#validateDriver(driver);
    else if (!givenString(request, 'metainfo')) throw new ServiceProfileEmpty({});
    return this.serviceProfiles.create(context, request);
  }
  /** neutron's update_service_profile: a new driver must be a provider's, and a profile a flavor uses is not changed. */
  updateServiceProfile(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, 'service_profile');
    const driver = givenString(request, 'driver');
    if (driver) this.#validateDriver(driver);
    return this.#core.transactions.write(context, async (session) => {
      await ensureProfileNotInUse(session, id);
      return this.serviceProfiles.updateIn(session, id, request);
    });
  }
  deleteServiceProfile(context: Context, id: string): Promise<void> {
    return this.serviceProfiles.delete(context, id);
  }
  getServiceProfile(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.serviceProfiles.get(context, id, fields);
  }
  getServiceProfiles(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.serviceProfiles.list(context, options);
  }
  getServiceProfilesCount(context: Context, filters?: ListOptions['filters']): Promise<number> {
    return this.serviceProfiles.count(context, filters);
  }

  /** POST /v2.0/flavors/{id}/service_profiles: binds the profile `id`; neutron answers with the flavor, of which the API shows `id`. */
  createFlavorServiceProfile(context: Context, flavorId: string, body: ResourceRequest): Promise<ResourceDict> {
    const profileId = givenString(unwrapBody(body, 'service_profile'), 'id') ?? '';
    return this.#core.transactions.write(context, async (session) => {
      await bindProfile(session, flavorId, profileId);
      return (await this.flavors.find(session, flavorId)).dict;
    });
  }
  /** DELETE /v2.0/flavors/{id}/service_profiles/{profile_id}. */
  deleteFlavorServiceProfile(context: Context, profileId: string, flavorId: string): Promise<void> {
    return this.#core.transactions.write(context, (session) => unbindProfile(session, flavorId, profileId));
  }
  /** What a DELETE is checked against (get_flavor_service_profile); neutron serves no GET of it. */
  getFlavorServiceProfile(context: Context, profileId: string, flavorId: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.#core.transactions.read(context, async (session) => {
      const pair = await boundPair(session, flavorId, profileId);
      return fields && fields.length > 0 ? selectFields(pair, fields) : pair;
    });
  }

  /** neutron's _validate_driver. */
  #validateDriver(driver: string): void {
    if (this.providers.withDriver(driver).length === 0) throw new ServiceProfileDriverNotFound({ driver });
  }

  /** A flavor another plugin's resource uses is not deleted (neutron: the foreign key's DBReferenceError as FlavorInUse). */
  async #release(session: Session, flavorId: string): Promise<void> {
    for (const user of this.#users) if (await user(session, flavorId)) throw new FlavorInUse({ flavor_id: flavorId });
    await session.db
      .withTables<{ flavorserviceprofilebindings: { flavor_id: string } }>()
      .deleteFrom('flavorserviceprofilebindings')
      .where('flavor_id', '=', flavorId)
      .execute();
  }
}

/** Each flavor's `service_profiles`: the ids of its bound profiles. */
async function extendFlavors(session: Session, flavors: ResourceDict[]): Promise<void> {
  const profiles = await profilesOf(
    session,
    flavors.map((flavor) => String(flavor['id'])),
  );
  for (const flavor of flavors) flavor['service_profiles'] = profiles.get(String(flavor['id'])) ?? [];
}
