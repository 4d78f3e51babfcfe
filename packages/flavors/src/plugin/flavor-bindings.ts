import type { ResourceDict } from '@net-server/lib';
import type { Session } from 'net-server';
import { flavorsView, type FlavorRow, type ServiceProfileRow } from '../db/schema.js';
import {
  FlavorNotFound,
  FlavorServiceProfileBindingExists,
  FlavorServiceProfileBindingNotFound,
  ServiceProfileDisabled,
  ServiceProfileDriverNotFound,
  ServiceProfileInUse,
  ServiceProfileNotFound,
} from '../errors.js';
import type { ServiceProviders } from './service-providers.js';

/** What neutron's get_flavor_next_provider answers: the driver of the flavor's first service profile and its provider's name. */
export interface NextProvider {
  driver: string;
  provider: string;
}

async function flavorRow(session: Session, flavorId: string): Promise<FlavorRow> {
  const row = await flavorsView(session).selectFrom('flavors').selectAll().where('id', '=', flavorId).executeTakeFirst();
  if (!row) throw new FlavorNotFound({ flavor_id: flavorId });
  return row;
}

async function profileRow(session: Session, profileId: string): Promise<ServiceProfileRow> {
  const row = await flavorsView(session).selectFrom('serviceprofiles').selectAll().where('id', '=', profileId).executeTakeFirst();
  if (!row) throw new ServiceProfileNotFound({ sp_id: profileId });
  return row;
}

async function bound(session: Session, profileId: string, flavorId: string): Promise<boolean> {
  const row = await flavorsView(session)
    .selectFrom('flavorserviceprofilebindings')
    .select('flavor_id')
    .where('service_profile_id', '=', profileId)
    .where('flavor_id', '=', flavorId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * neutron's create_flavor_service_profile: a binding once per pair
 * (FlavorServiceProfileBindingExists); an unknown flavor or profile is not
 * found (neutron's foreign keys refuse it).
 */
export async function bindProfile(session: Session, flavorId: string, profileId: string): Promise<void> {
  if (await bound(session, profileId, flavorId)) throw new FlavorServiceProfileBindingExists({ sp_id: profileId, fl_id: flavorId });
  await flavorRow(session, flavorId);
  await profileRow(session, profileId);
  await flavorsView(session).insertInto('flavorserviceprofilebindings').values({ service_profile_id: profileId, flavor_id: flavorId }).execute();
}

/** neutron's delete_flavor_service_profile. */
export async function unbindProfile(session: Session, flavorId: string, profileId: string): Promise<void> {
  const result = await flavorsView(session)
    .deleteFrom('flavorserviceprofilebindings')
    .where('service_profile_id', '=', profileId)
    .where('flavor_id', '=', flavorId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new FlavorServiceProfileBindingNotFound({ sp_id: profileId, fl_id: flavorId });
}

/** neutron's get_flavor_service_profile: the pair, or not found. */
export async function boundPair(session: Session, flavorId: string, profileId: string): Promise<ResourceDict> {
  if (!(await bound(session, profileId, flavorId))) throw new FlavorServiceProfileBindingNotFound({ sp_id: profileId, fl_id: flavorId });
  return { service_profile_id: profileId, flavor_id: flavorId };
}

/** neutron's _ensure_service_profile_not_in_use: a profile bound to a flavor is neither updated nor deleted. */
export async function ensureProfileNotInUse(session: Session, profileId: string): Promise<void> {
  const row = await flavorsView(session)
    .selectFrom('flavorserviceprofilebindings')
    .select('flavor_id')
    .where('service_profile_id', '=', profileId)
    .executeTakeFirst();
  if (row) throw new ServiceProfileInUse({ sp_id: profileId });
}

/** Each flavor's service profile ids, for the flavors' `service_profiles`. */
export async function profilesOf(session: Session, flavorIds: readonly string[]): Promise<Map<string, string[]>> {
  const byFlavor = new Map<string, string[]>(flavorIds.map((id) => [id, []]));
  if (flavorIds.length === 0) return byFlavor;
  const rows = await flavorsView(session)
    .selectFrom('flavorserviceprofilebindings')
    .selectAll()
    .where('flavor_id', 'in', [...flavorIds])
    .orderBy('service_profile_id')
    .execute();
  for (const row of rows) byFlavor.get(row.flavor_id)?.push(row.service_profile_id);
  return byFlavor;
}

/**
 * neutron's get_flavor_next_provider: the flavor's first service profile
 * (FlavorServiceProfileBindingNotFound without one), which must be enabled
 * (ServiceProfileDisabled), and the first provider of its driver
 * (ServiceProfileDriverNotFound). The flavor must exist (FlavorNotFound),
 * as neutron's callers get it first.
 */
export async function nextProvider(session: Session, providers: ServiceProviders, flavorId: string): Promise<NextProvider> {
  await flavorRow(session, flavorId);
  const [first] = (await profilesOf(session, [flavorId])).get(flavorId) ?? [];
  if (first === undefined) throw new FlavorServiceProfileBindingNotFound({ sp_id: '', fl_id: flavorId });
  const profile = await profileRow(session, first);
  if (!profile.enabled) throw new ServiceProfileDisabled({});
  const [provider] = providers.withDriver(profile.driver);
  if (!provider) throw new ServiceProfileDriverNotFound({ driver: profile.driver });
  return { driver: profile.driver, provider: provider.name };
}
