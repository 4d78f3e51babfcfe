import type { L3Tables } from '@net-server/l3';
import type { Kysely } from 'kysely';
import type { CoreTables, Session } from 'net-server';

/** A port forwarding row (neutron's PortForwarding model), single ports stored as ranges of one. */
export type PortForwardingRow = {
  id: string;
  floatingip_id: string;
  internal_neutron_port_id: string;
  protocol: string;
  internal_ip_address: string;
  internal_port_start: number | string;
  internal_port_end: number | string;
  external_port_start: number | string;
  external_port_end: number | string;
  description: string;
};

/** The tables this package reads and writes, beside the core's and the router plugin's. */
export type PortForwardingTables = {
  portforwardings: PortForwardingRow;
};

/** The tables port forwarding queries: the core's, the router plugin's floating IPs and its own. */
export type PortForwardingDb = Kysely<CoreTables & L3Tables & PortForwardingTables>;

export function forwardingView(session: Session): PortForwardingDb {
  return session.db.withTables<L3Tables & PortForwardingTables>() as unknown as PortForwardingDb;
}
