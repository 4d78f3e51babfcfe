import type { FixedIp } from '@net-server/lib';
import { LocalIPNoIP, LocalIPNoRequestedIP, LocalIPRequestedIPNotFound } from '../errors.js';

/**
 * The address a port association takes (neutron's
 * _create_local_ip_port_association): the requested one must be one of the
 * port's; without one the port's only address, and a port with several
 * needs one named.
 */
export function chooseFixedIp(portId: string, fixedIps: readonly FixedIp[], requested: string | undefined): string {
  if (requested !== undefined) {
    if (fixedIps.some((ip) => ip.ip_address === requested)) return requested;
    throw new LocalIPRequestedIPNotFound({ port_id: portId, ip: requested });
  }
  if (fixedIps.length === 0) throw new LocalIPNoIP({ port_id: portId });
  if (fixedIps.length > 1) throw new LocalIPNoRequestedIP({ port_id: portId });
  return fixedIps[0]!.ip_address;
}

/** neutron's _get_local_ip_address, a local IP's address on an existing port: a port without addresses is refused first. */
export function localIpAddressOf(portId: string, fixedIps: readonly FixedIp[], requested: string | undefined): string {
  if (fixedIps.length === 0) throw new LocalIPNoIP({ port_id: portId });
  return chooseFixedIp(portId, fixedIps, requested);
}
