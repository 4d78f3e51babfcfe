import { constants, type ResourceDict } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { ndpView } from '../db/schema.js';
import { RouterInterfaceInUseByNDPProxy } from '../errors.js';

const INTERFACE_OWNERS: readonly string[] = [...constants.ROUTER_INTERFACE_OWNERS, constants.DEVICE_OWNER_ROUTER_HA_INTF];

function subnetsOf(port: ResourceDict): string[] {
  const fixedIps = Array.isArray(port['fixed_ips']) ? (port['fixed_ips'] as ResourceDict[]) : [];
  return fixedIps.map((ip) => String(ip['subnet_id']));
}

/** neutron's ROUTER_INTERFACE BEFORE_DELETE check: no proxy of the router may use an address on a subnet it leaves. */
async function checkSubnetsUnused(session: Session, routerPort: ResourceDict, removed: readonly string[]): Promise<void> {
  if (removed.length === 0 || !INTERFACE_OWNERS.includes(String(routerPort['device_owner'] ?? ''))) return;
  const routerId = String(routerPort['device_id'] ?? '');
  const used = await ndpView(session)
    .selectFrom('ndp_proxies')
    .innerJoin('ipallocations', (join) =>
      join.onRef('ipallocations.port_id', '=', 'ndp_proxies.port_id').onRef('ipallocations.ip_address', '=', 'ndp_proxies.ip_address'),
    )
    .select('ipallocations.subnet_id')
    .where('ndp_proxies.router_id', '=', routerId)
    .where('ipallocations.subnet_id', 'in', [...removed])
    .executeTakeFirst();
  if (used) throw new RouterInterfaceInUseByNDPProxy({ router_id: routerId, subnet_id: used.subnet_id });
}

/**
 * Core port hooks standing for neutron's router interface callback: the
 * router plugin removes an interface by deleting its port, or by dropping
 * the subnet's address from a port on several subnets; either is refused
 * while an NDP proxy of that router uses an address on the subnet.
 */
export const routerInterfaceGuard: ResourceHooks = {
  async beforeDelete(session, port) {
    await checkSubnetsUnused(session, port, subnetsOf(port));
  },
  async precommitUpdate(session, _request, original, updated) {
    const kept = new Set(subnetsOf(updated));
    await checkSubnetsUnused(
      session,
      original,
      subnetsOf(original).filter((subnet) => !kept.has(subnet)),
    );
  },
};
