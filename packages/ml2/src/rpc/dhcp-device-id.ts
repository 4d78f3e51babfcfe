import { NAMESPACE_DNS, uuid5 } from '@net-server/lib';

/** The device_id a DHCP agent on `host` gives its port on a network (neutron's get_dhcp_agent_device_id). */
export function dhcpAgentDeviceId(networkId: string, host: string): string {
  return `dhcp${uuid5(NAMESPACE_DNS, host.split('.')[0]!)}-${networkId}`;
}
