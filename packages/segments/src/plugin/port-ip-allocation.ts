import type { ResourceDict } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { IP_ALLOCATION_ATTRIBUTE, IP_ALLOCATION_IMMEDIATE, IP_ALLOCATION_NONE } from '../api/definitions.js';
import { segmentsView } from '../db/schema.js';

/**
 * Ports' `ip_allocation` (neutron's segments Plugin._extend_port_dict_binding
 * over the ports.ip_allocation that create_port_db sets): `none` for a port
 * created with `fixed_ips: []` (an unaddressed port), else `immediate`.
 * neutron's `deferred` (a port on a routed network before its host is
 * known) does not occur: the core's IPAM allocates at once.
 */
export const portIpAllocationHooks: ResourceHooks = {
  async precommitCreate(session: Session, request: Readonly<Record<string, unknown>>, port: ResourceDict): Promise<void> {
    const fixedIps = request['fixed_ips'];
    if (!Array.isArray(fixedIps) || fixedIps.length > 0) return;
    await segmentsView(session.db)
      .insertInto('port_ip_allocations')
      .values({ port_id: String(port['id']), ip_allocation: IP_ALLOCATION_NONE })
      .execute();
  },

  async extendDicts(session: Session, ports: ResourceDict[]): Promise<void> {
    const rows = await segmentsView(session.db)
      .selectFrom('port_ip_allocations')
      .selectAll()
      .where(
        'port_id',
        'in',
        ports.map((port) => String(port['id'])),
      )
      .execute();
    const values = new Map(rows.map((row) => [row.port_id, row.ip_allocation]));
    for (const port of ports) port[IP_ALLOCATION_ATTRIBUTE] = values.get(String(port['id'])) ?? IP_ALLOCATION_IMMEDIATE;
  },
};
