import { SubnetInUse, constants } from '@net-server/lib';
import { isAutoAddressSubnet } from '../../ipam/ipv6-modes.js';
import { AUTO_DELETE_PORT_OWNERS } from '../networks.js';
import { lockRow, type Session } from '../session.js';
import { subnetModes, type SubnetRow } from './subnet-rows.js';

/**
 * neutron's _subnet_check_ip_allocations: a subnet may go while its
 * addresses are held only by ports the server manages (DHCP...) or are
 * SLAAC addresses of an auto-address subnet; those allocations go with it.
 */
export async function ensureSubnetDeletable(session: Session, row: SubnetRow): Promise<void> {
  // A port allocating here meanwhile must either be seen below or fail on the foreign key and retry,
  // never lose its address to the cascade.
  await lockRow(session, 'subnets', row.id, 'exclusive');
  const holders = await session.db
    .selectFrom('ipallocations')
    .leftJoin('ports', 'ports.id', 'ipallocations.port_id')
    .select(['ipallocations.port_id', 'ports.device_owner'])
    .where('ipallocations.subnet_id', '=', row.id)
    .execute();
  const auto = isAutoAddressSubnet(subnetModes(row));
  const routerOwners: readonly string[] = constants.ROUTER_INTERFACE_OWNERS_SNAT;
  const blocking = holders.filter((holder) => {
    const owner = holder.device_owner === null ? '' : String(holder.device_owner);
    if (AUTO_DELETE_PORT_OWNERS.includes(owner)) return false;
    return !(auto && !routerOwners.includes(owner));
  });
  if (blocking.length > 0) throw new SubnetInUse({ subnet_id: row.id });
}
