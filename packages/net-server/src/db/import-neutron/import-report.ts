/** One step of an import, as `progress` hears it and the CLI prints it. */
export type ImportEvent =
  | { event: 'source'; url: string; release: string }
  | { event: 'table'; table: string; sources: readonly string[]; rows: number; ms: number }
  | { event: 'skipped'; table: string; sources: readonly string[]; sourceRows: number; reason: string }
  | { event: 'unread'; table: string; rows: number }
  | { event: 'done'; tables: number; rows: number; ms: number };

/** What an import did: the tables written (rows each), the mappings skipped, neutron's tables with rows nothing read. */
export interface ImportReport {
  release: string;
  tables: { table: string; sources: readonly string[]; rows: number; ms: number }[];
  skipped: { table: string; sources: readonly string[]; sourceRows: number; reason: string }[];
  unread: { table: string; rows: number }[];
  rows: number;
  ms: number;
}

/** The event as one line of text: `<event> key=value ...`, for people and for grep. */
export function formatImportEvent(event: ImportEvent): string {
  const fields = Object.entries(event)
    .filter(([key]) => key !== 'event')
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`);
  return [event.event, ...fields].join(' ');
}
