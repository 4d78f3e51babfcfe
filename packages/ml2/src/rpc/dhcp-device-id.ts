import { createHash } from 'node:crypto';

// RFC 4122's DNS namespace, as Python's uuid.NAMESPACE_DNS.
const NAMESPACE_DNS = Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex');

function uuid5(namespace: Buffer, name: string): string {
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The device_id a DHCP agent on `host` gives its port on a network (neutron's get_dhcp_agent_device_id). */
export function dhcpAgentDeviceId(networkId: string, host: string): string {
  return `dhcp${uuid5(NAMESPACE_DNS, host.split('.')[0]!)}-${networkId}`;
}
