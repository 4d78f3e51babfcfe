import { routerPluginIn, routerPluginOf } from '@net-server/l3';
import { BadRequest, NotAuthorized, NotFound, getAdminContext, type Context, type ResourceDict, type ServicePlugin } from '@net-server/lib';
import type { PluginDirectory, PluginInit, Session } from 'net-server';
import { AUTO_ALLOCATE_SERVICE_TYPE, AUTO_ALLOCATED_TOPOLOGY } from '../api/definitions.js';
import { autoAllocateView } from '../db/schema.js';
import { AutoAllocationFailure } from '../errors.js';
import { autoAllocateCoreOf, ROUTER_NEEDS, type AutoAllocateCore } from './collaborators.js';
import { addDefaultExternalNetworkHooks, defaultExternalNetworkId } from './default-external-network.js';
import {
  cleanup,
  PartialTopology,
  provisionExternalConnectivity,
  provisionPrivateNetwork,
  supportedSubnetPools,
  type Collaborators,
} from './topology-provisioning.js';
import { saveTopology } from './topology-record.js';

/** The `fields` value that asks whether a topology could be built, building nothing (neutron's CHECK_REQUIREMENTS). */
export const CHECK_REQUIREMENTS = 'dry-run';

/**
 * The `auto_allocate` service plugin (neutron's auto_allocate Plugin,
 * "get me a network"): GET /v2.0/auto-allocated-topology/{project_id}
 * returns the project's auto-allocated network, building it on first use
 * (a network, a subnet from each default subnet pool, a router with its
 * gateway on the default external network); DELETE takes it down. It also
 * keeps networks' `is_default`. Loaded whenever installed, as neutron's
 * default service plugins; it serves the API only beside the router plugin.
 */
export class AutoAllocatePlugin implements ServicePlugin {
  readonly pluginType = AUTO_ALLOCATE_SERVICE_TYPE;
  readonly pluginDescription = 'Auto Allocated Topology - aka get me a network.';
  readonly supportedExtensionAliases = [AUTO_ALLOCATED_TOPOLOGY.alias];
  readonly filterValidationSupport = true;
  // As neutron's API, this one leaves `fields` to the plugin: a dry run answers `id` to `fields=dry-run`.
  readonly nativeFieldSelectionSupport = true;
  readonly #core: AutoAllocateCore;
  readonly #directory: PluginDirectory;
  readonly #undo: (() => void)[] = [];

  constructor(init: PluginInit) {
    this.#core = autoAllocateCoreOf(init.directory.corePlugin);
    this.#directory = init.directory;
  }

  /** `is_default` goes on networks once the router plugin, whose externalnetworks rows it lives in, has added its hooks. */
  pluginsLoaded(): void {
    if (routerPluginIn(this.#directory, ROUTER_NEEDS)) this.#undo.push(addDefaultExternalNetworkHooks(this.#core));
  }

  async close(): Promise<void> {
    for (const undo of this.#undo.splice(0)) undo();
  }

  async getAutoAllocatedTopology(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    const projectId = projectOf(context, id);
    if (fields?.includes(CHECK_REQUIREMENTS)) return this.#checkRequirements(context, projectId);
    if (fields && fields.length > 0) throw new BadRequest({ resource: 'auto_allocate', msg: 'Unrecognized field' });
    const existing = await this.#topology(projectId);
    if (existing) return response(existing.network_id, projectId);
    const externalNetworkId = await this.#core.transactions.read(getAdminContext(), (session) => defaultExternalNetworkId(session));
    return response(await this.#build(context, projectId, externalNetworkId), projectId);
  }

  async deleteAutoAllocatedTopology(context: Context, id: string): Promise<void> {
    const projectId = projectOf(context, id);
    const topology = await this.#topology(projectId);
    if (!topology) return;
    const subnets = await this.#core.getSubnets(context, { filters: { network_id: [topology.network_id] } });
    await cleanup(this.#collaborators(), context, { networkId: topology.network_id, ...(topology.router_id ? { routerId: topology.router_id } : {}), subnets });
  }

  async #checkRequirements(context: Context, projectId: string): Promise<ResourceDict> {
    await this.#core.transactions.read(getAdminContext(), (session) => defaultExternalNetworkId(session));
    try {
      await supportedSubnetPools(this.#core, context);
    } catch (error) {
      if (error instanceof NotFound) throw new AutoAllocationFailure({ reason: 'No default subnetpools defined' });
      throw error;
    }
    return { id: 'dry-run=pass', tenant_id: projectId };
  }

  /** neutron's _build_topology: an unexpected failure takes down what was made, then surfaces. */
  async #build(context: Context, projectId: string, externalNetworkId: string): Promise<string> {
    const deps = this.#collaborators();
    try {
      const subnets = await provisionPrivateNetwork(deps, context, projectId);
      const networkId = String(subnets[0]?.['network_id']);
      const router = await provisionExternalConnectivity(deps, context, externalNetworkId, subnets, projectId);
      return await saveTopology(deps, context, { projectId, networkId, routerId: String(router['id']), subnets });
    } catch (error) {
      if (!(error instanceof PartialTopology)) throw error;
      await cleanup(deps, context, {
        ...(error.networkId !== undefined ? { networkId: error.networkId } : {}),
        ...(error.routerId !== undefined ? { routerId: error.routerId } : {}),
        subnets: error.subnets,
      });
      throw error.error;
    }
  }

  #topology(projectId: string): Promise<{ network_id: string; router_id: string | null } | undefined> {
    return this.#core.transactions.read(getAdminContext(), (session: Session) =>
      autoAllocateView(session)
        .selectFrom('auto_allocated_topologies')
        .select(['network_id', 'router_id'])
        .where('project_id', '=', projectId)
        .executeTakeFirst(),
    );
  }

  #collaborators(): Collaborators {
    return { core: this.#core, router: routerPluginOf(this.#directory, 'auto_allocate', ROUTER_NEEDS) };
  }
}

/** neutron's _validate: `None` is the caller's own project; another project's topology is an admin's only. */
function projectOf(context: Context, id: string): string {
  const projectId = id === 'None' ? (context.projectId ?? '') : id;
  if (!context.isAdmin && projectId !== context.projectId) throw new NotAuthorized({});
  return projectId;
}

function response(networkId: string, projectId: string): ResourceDict {
  return { id: networkId, tenant_id: projectId };
}
