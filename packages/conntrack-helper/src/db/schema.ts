import type { Kysely } from 'kysely';
import type { CoreTables, Session } from 'net-server';

/** A conntrack helper row (neutron's ConntrackHelper model). */
export type ConntrackHelperRow = {
  id: string;
  router_id: string;
  protocol: string;
  port: number | string;
  helper: string;
};

export type ConntrackHelperTables = {
  conntrack_helpers: ConntrackHelperRow;
};

export function helperView(session: Session): Kysely<CoreTables & ConntrackHelperTables> {
  return session.db.withTables<ConntrackHelperTables>() as unknown as Kysely<CoreTables & ConntrackHelperTables>;
}
