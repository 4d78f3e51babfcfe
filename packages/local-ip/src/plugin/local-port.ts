import { constants, getAdminContext, type Context, type CorePlugin, type Port } from '@net-server/lib';
import { badRequest } from '../errors.js';

/**
 * neutron's _create_local_port: a local IP made on a network gets a port
 * of its own there (device owner network:local_ip, never the tenant's to
 * use), with the requested address or IPAM's choice. The network is looked
 * up as the caller sees it (NetworkNotFound otherwise) and needs an IPv4
 * subnet.
 */
export async function createLocalPort(core: CorePlugin, context: Context, networkId: string, projectId: string, address: string | undefined): Promise<Port> {
  await core.getNetwork(context, networkId);
  const admin = getAdminContext();
  const subnets = await core.getSubnets(admin, { filters: { network_id: [networkId] } });
  if (!subnets.some((subnet) => Number(subnet['ip_version']) === 4)) {
    throw badRequest('local_ip', `Network ${networkId} does not contain any IPv4 subnet`);
  }
  return core.createPort(admin, {
    tenant_id: projectId,
    network_id: networkId,
    admin_state_up: true,
    device_id: 'PENDING',
    device_owner: constants.DEVICE_OWNER_LOCAL_IP,
    name: '',
    ...(address !== undefined ? { fixed_ips: [{ ip_address: address }] } : {}),
  });
}

/** The port's first address, the local IP's when IPAM chose it. */
export function firstAddress(port: Port): string {
  const [first] = port.fixed_ips;
  return first?.ip_address ?? '';
}
