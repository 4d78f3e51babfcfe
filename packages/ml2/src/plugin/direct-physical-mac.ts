import { constants, randomMacAddress, type ResourceDict } from '@net-server/lib';
import type { Session } from 'net-server';
import type { PortBinding } from '../mech/port-binding.js';

/**
 * port-mac-override (neutron's _commit_port_binding): a direct-physical
 * port's MAC comes from the physical device, which Nova names in the
 * binding profile's `device_mac_address` when it binds or activates the
 * port; without one (the port unbound, or the client removed it) the port
 * gets a new random MAC, so that the device's stays free for the next
 * port bound to it. Other vnic types keep theirs. The MAC written, if any.
 */
export async function commitDirectPhysicalMac(session: Session, portId: string, binding: PortBinding, baseMac: string): Promise<string | undefined> {
  if (binding.vnic_type !== constants.VNIC_DIRECT_PHYSICAL) return undefined;
  const device = binding.profile['device_mac_address'];
  const mac = typeof device === 'string' && device !== '' ? device.toLowerCase() : randomMacAddress(baseMac);
  await session.db.updateTable('ports').set({ mac_address: mac }).where('id', '=', portId).execute();
  return mac;
}

/**
 * neutron's _reset_mac_for_direct_physical: a direct-physical port whose
 * device_id and device_owner an update clears (the instance is gone) gets
 * a new random MAC, freeing the physical device's.
 */
export async function resetDirectPhysicalMac(
  session: Session,
  binding: PortBinding,
  original: ResourceDict,
  updated: ResourceDict,
  baseMac: string,
): Promise<void> {
  if (binding.vnic_type !== constants.VNIC_DIRECT_PHYSICAL) return;
  if (updated['device_id'] !== '' || updated['device_owner'] !== '' || original['device_id'] === '') return;
  const mac = randomMacAddress(baseMac);
  await session.db.updateTable('ports').set({ mac_address: mac }).where('id', '=', String(updated['id'])).execute();
  updated['mac_address'] = mac;
}
