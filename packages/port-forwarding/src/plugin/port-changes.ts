import { constants, parseIpAddress, type ResourceDict } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { forwardingView } from '../db/schema.js';
import type { Forwardings } from './forwardings.js';

function v4Addresses(port: ResourceDict): Set<string> {
  const fixedIps = Array.isArray(port['fixed_ips']) ? (port['fixed_ips'] as ResourceDict[]) : [];
  return new Set(fixedIps.map((ip) => String(ip['ip_address'])).filter((address) => parseIpAddress(address)?.version === 4));
}

/**
 * neutron's _process_port_request: forwardings follow their internal port.
 * Deleting the port deletes them; an update that takes an IPv4 address off
 * the port deletes those to that address (a port left with no IPv4
 * address keeps them, as in neutron). Floating IP ports are the router
 * plugin's, checked on the floating IP itself.
 */
export function portForwardingPortHooks(forwardings: Forwardings): ResourceHooks {
  const removeExcept = async (session: Session, port: ResourceDict, kept: ReadonlySet<string>): Promise<void> => {
    if (String(port['device_owner'] ?? '').startsWith(constants.DEVICE_OWNER_FLOATINGIP)) return;
    const rows = await forwardingView(session).selectFrom('portforwardings').selectAll().where('internal_neutron_port_id', '=', String(port['id'])).execute();
    await forwardings.removeIn(
      session,
      rows.filter((row) => !kept.has(row.internal_ip_address)),
    );
  };
  return {
    async precommitUpdate(session, _request, _original, updated) {
      const addresses = v4Addresses(updated);
      if (addresses.size > 0) await removeExcept(session, updated, addresses);
    },
    async precommitDelete(session, port) {
      if (v4Addresses(port).size > 0) await removeExcept(session, port, new Set());
    },
  };
}
