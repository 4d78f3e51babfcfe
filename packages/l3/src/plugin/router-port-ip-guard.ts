import { constants, IPAddressChangeNotAllowed, parseIpAddress, type ResourceDict } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { l3View } from '../db/schema.js';

/** neutron's L3RouterPlugin.IP_UPDATE_NOT_ALLOWED_LIST. */
const GUARDED_OWNERS: readonly string[] = [...constants.ROUTER_INTERFACE_OWNERS_SNAT, constants.DEVICE_OWNER_ROUTER_HA_INTF];

function v4Addresses(port: ResourceDict): string[] {
  const fixedIps = Array.isArray(port['fixed_ips']) ? (port['fixed_ips'] as ResourceDict[]) : [];
  return fixedIps
    .map((ip) => String(ip['ip_address']))
    .filter((address) => parseIpAddress(address)?.version === 4)
    .sort();
}

/**
 * l3-port-ip-change-not-allowed (neutron's IPAM check with the router
 * plugin's IP_UPDATE_NOT_ALLOWED_LIST): a router interface port of one of
 * this plugin's routers keeps its IPv4 addresses, whoever updates it
 * (IPv6 ones may change: routers join IPv6 subnets on one port). An
 * address goes with its interface, through remove_router_interface.
 */
export const routerPortIpGuard: ResourceHooks = {
  async precommitUpdate(session: Session, _request, original: ResourceDict, updated: ResourceDict): Promise<void> {
    if (!GUARDED_OWNERS.includes(String(original['device_owner'] ?? ''))) return;
    const before = v4Addresses(original);
    const after = v4Addresses(updated);
    if (before.length === after.length && before.every((address, index) => address === after[index])) return;
    const router = await l3View(session.db)
      .selectFrom('routers')
      .select('id')
      .where('id', '=', String(original['device_id'] ?? ''))
      .executeTakeFirst();
    if (router) throw new IPAddressChangeNotAllowed({ port_id: original['id'] });
  },
};
