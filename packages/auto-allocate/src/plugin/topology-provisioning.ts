import { BadRequest, NotFound, SubnetAllocationError, type Context, type ResourceDict } from '@net-server/lib';
import { AutoAllocationFailure } from '../errors.js';
import type { AutoAllocateCore, RouterAccess } from './collaborators.js';

export interface Collaborators {
  readonly core: AutoAllocateCore;
  readonly router: RouterAccess;
}

/** What a provisioning step left behind when it failed unexpectedly (neutron's UnknownProvisioningError), for the cleanup. */
export class PartialTopology extends Error {
  constructor(
    readonly error: unknown,
    readonly networkId?: string,
    readonly routerId?: string,
    readonly subnets: readonly ResourceDict[] = [],
  ) {
    super(error instanceof Error ? error.message : String(error));
    this.name = 'PartialTopology';
  }
}

/** The default IPv4 and IPv6 subnet pools the caller may use; none is neutron's NotFound. */
export async function supportedSubnetPools(core: AutoAllocateCore, context: Context): Promise<ResourceDict[]> {
  const pools: ResourceDict[] = [];
  for (const version of [4, 6]) {
    const [pool] = await core.getSubnetpools(context, { filters: { is_default: [true], ip_version: [version] } });
    if (pool) pools.push(pool);
  }
  if (pools.length === 0) throw new NotFound({});
  return pools;
}

/** An expected failure: what a request the deployment cannot fulfil raises (neutron catches these by class). */
function unmetRequirement(error: unknown): boolean {
  return error instanceof BadRequest || error instanceof NotFound || error instanceof SubnetAllocationError;
}

/** The project's private network (down until the topology is saved) with a subnet from each default pool. */
export async function provisionPrivateNetwork(deps: Collaborators, context: Context, projectId: string): Promise<ResourceDict[]> {
  let networkId: string | undefined;
  try {
    const network = await deps.core.createNetwork(context, {
      network: { name: 'auto_allocated_network', admin_state_up: false, tenant_id: projectId, project_id: projectId, shared: false },
    });
    networkId = String(network['id']);
    const subnets: ResourceDict[] = [];
    for (const pool of await supportedSubnetPools(deps.core, context)) {
      const subnet = {
        name: `auto_allocated_subnet_v${String(pool['ip_version'])}`,
        network_id: networkId,
        tenant_id: projectId,
        project_id: projectId,
        ip_version: pool['ip_version'],
        subnetpool_id: pool['id'],
      };
      subnets.push(await deps.core.createSubnet(context, { subnet }));
    }
    return subnets;
  } catch (error) {
    if (!unmetRequirement(error)) throw new PartialTopology(error, networkId);
    if (networkId !== undefined) await cleanup(deps, context, { networkId });
    throw new AutoAllocationFailure({ reason: 'Unable to provide tenant private network' });
  }
}

/** A router with its gateway on the default external network and an interface on each subnet. */
export async function provisionExternalConnectivity(
  deps: Collaborators,
  context: Context,
  externalNetworkId: string,
  subnets: readonly ResourceDict[],
  projectId: string,
): Promise<ResourceDict> {
  const networkId = String(subnets[0]?.['network_id']);
  let routerId: string | undefined;
  const attached: ResourceDict[] = [];
  try {
    const router = await deps.router.createRouter(context, {
      name: 'auto_allocated_router',
      external_gateway_info: { network_id: externalNetworkId },
      tenant_id: projectId,
      project_id: projectId,
      admin_state_up: true,
    });
    routerId = String(router['id']);
    for (const subnet of subnets) {
      await deps.router.addRouterInterface(context, routerId, { subnet_id: subnet['id'] });
      attached.push(subnet);
    }
    return router;
  } catch (error) {
    if (!(error instanceof BadRequest)) throw new PartialTopology(error, networkId, routerId, subnets);
    await cleanup(deps, context, { networkId, ...(routerId !== undefined ? { routerId } : {}), subnets: attached });
    throw new AutoAllocationFailure({ reason: 'Unable to provide external connectivity' });
  }
}

export interface TopologyParts {
  networkId?: string;
  routerId?: string;
  subnets?: readonly ResourceDict[];
}

/**
 * Deletes what a topology has (neutron's _cleanup): the router's
 * interfaces, the router, the network with its subnets. Parts already gone
 * are skipped, so concurrent deletes of one topology both finish.
 */
export async function cleanup(deps: Collaborators, context: Context, parts: TopologyParts): Promise<void> {
  if (parts.routerId !== undefined) {
    for (const subnet of parts.subnets ?? []) {
      await ignoreNotFound(() => deps.router.removeRouterInterface(context, parts.routerId!, { subnet_id: subnet['id'] }));
    }
    await ignoreNotFound(() => deps.router.deleteRouter(context, parts.routerId!));
  }
  if (parts.networkId !== undefined) await ignoreNotFound(() => deps.core.deleteNetwork(context, parts.networkId!));
}

async function ignoreNotFound(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
  }
}
