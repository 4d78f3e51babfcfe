import type { Kysely } from 'kysely';
import type { CoreTables, Session, StandardColumns } from 'net-server';

/** A log row (neutron's Log model, with its standard attributes). */
export type LogRow = StandardColumns & {
  id: string;
  project_id: string;
  name: string;
  resource_type: string;
  resource_id: string | null;
  target_id: string | null;
  event: string;
  enabled: boolean | number;
};

export type LoggingTables = {
  logs: LogRow;
};

export function logView(session: Session): Kysely<CoreTables & LoggingTables> {
  return session.db.withTables<LoggingTables>() as unknown as Kysely<CoreTables & LoggingTables>;
}
