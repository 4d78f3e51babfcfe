import { canonicalIpAddress, parseIpAddress, pythonString, type CorePlugin, type FixedIp, type ResourceDict } from '@net-server/lib';
import { ExternalGatewayForFloatingIPNotFound } from '@net-server/l3';
import type { Session } from 'net-server';
import { badForwarding } from '../errors.js';
import type { RouterPluginAccess } from './router-plugin-access.js';

/** Where a forwarding sends its traffic: the internal address, and the router between its subnet and the floating IP's network. */
export interface InternalTarget {
  readonly ipAddress: string;
  readonly routerId: string;
}

/** A port's fixed IPs as neutron prints them in its messages: `[{'subnet_id': ..., 'ip_address': ...}]`. */
export function fixedIpsText(fixedIps: readonly FixedIp[]): string {
  return pythonString(fixedIps.map((ip) => ({ subnet_id: ip.subnet_id, ip_address: ip.ip_address })));
}

/**
 * neutron's _find_a_router_for_fip_port_forwarding: the internal port (as
 * the caller sees it) needs an IPv4 address; the requested one must be one
 * of them, else its first is taken; and a router must join its subnet to
 * the floating IP's external network.
 */
export async function internalTarget(
  session: Session,
  core: CorePlugin,
  routers: RouterPluginAccess,
  floatingIp: ResourceDict,
  portId: string,
  requestedIp: string | undefined,
): Promise<InternalTarget> {
  const port = await core.getPort(session.context, portId);
  const v4 = port.fixed_ips.filter((ip) => parseIpAddress(ip.ip_address ?? '')?.version === 4);
  if (v4.length === 0) throw badForwarding(`Requested internal port ${portId} must allocate an IPv4 address at least.`);
  const chosen = requestedIp === undefined ? v4[0] : v4.find((ip) => canonicalIpAddress(ip.ip_address ?? '') === canonicalIpAddress(requestedIp));
  if (chosen === undefined) {
    throw badForwarding(
      `Requested internal IP address ${String(requestedIp)} is not suitable for internal neutron port ${portId}, as its fixed_ips are ${fixedIpsText(v4)}`,
    );
  }
  const subnetId = chosen.subnet_id;
  const externalNetworkId = String(floatingIp['floating_network_id']);
  try {
    return { ipAddress: chosen.ip_address ?? '', routerId: await routers.floatingIps.routerFor(session, subnetId, externalNetworkId, portId) };
  } catch (error) {
    if (!(error instanceof ExternalGatewayForFloatingIPNotFound)) throw error;
    throw badForwarding(
      `External network ${externalNetworkId} is not reachable from subnet ${subnetId}. Cannot set Port forwarding for port ${portId} with Floating IP ${String(floatingIp['id'])}`,
    );
  }
}
