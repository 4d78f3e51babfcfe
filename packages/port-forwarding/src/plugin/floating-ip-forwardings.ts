import { isAttrSpecified, type ResourceDict } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { PORT_FORWARDINGS } from '../api/definitions.js';
import { forwardingView } from '../db/schema.js';
import { FipInUseByPortForwarding } from '../errors.js';
import { forwardingDict } from './port-forwardings.js';

/** The fields of each forwarding a floating IP shows (neutron's _extend_floatingip_dict, with floating-ip-port-forwarding-detail's id and internal_port_id). */
const SHOWN = ['id', 'internal_ip_address', 'protocol', 'internal_port', 'external_port', 'internal_port_id'];

async function inUse(session: Session, floatingipId: string): Promise<void> {
  const forwarding = await forwardingView(session).selectFrom('portforwardings').select('id').where('floatingip_id', '=', floatingipId).executeTakeFirst();
  if (forwarding) throw new FipInUseByPortForwarding({ id: floatingipId });
}

/**
 * What port forwarding adds to the router plugin's floating IPs:
 * `port_forwardings` on each (expose-port-forwarding-in-fip; a side with a
 * range of ports shows no single port), and neutron's
 * _check_floatingip_request: a floating IP that forwards ports is
 * associated with no port, and is not deleted while it forwards.
 */
export const floatingIpForwardingHooks: ResourceHooks = {
  async extendDicts(session: Session, floatingIps: ResourceDict[]): Promise<void> {
    const ids = floatingIps.map((fip) => String(fip['id']));
    const rows = await forwardingView(session).selectFrom('portforwardings').selectAll().where('floatingip_id', 'in', ids).orderBy('id').execute();
    for (const fip of floatingIps) {
      fip[PORT_FORWARDINGS] = rows
        .filter((row) => row.floatingip_id === fip['id'])
        .map((row): ResourceDict => ({ ...forwardingDict(row), id: row.id }))
        .map((dict) => Object.fromEntries(SHOWN.filter((field) => dict[field] !== null && dict[field] !== undefined).map((field) => [field, dict[field]])));
    }
  },
  async precommitUpdate(session: Session, request: Readonly<Record<string, unknown>>, original: ResourceDict): Promise<void> {
    const portId = request['port_id'];
    if (isAttrSpecified(portId) && typeof portId === 'string' && portId !== '') await inUse(session, String(original['id']));
  },
  async precommitDelete(session: Session, floatingIp: ResourceDict): Promise<void> {
    await inUse(session, String(floatingIp['id']));
  },
};
