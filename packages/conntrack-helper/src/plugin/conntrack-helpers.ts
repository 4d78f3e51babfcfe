import type { TableResource } from 'net-server';
import type { ConntrackHelperRow } from '../db/schema.js';
import { ConntrackHelperNotFound } from '../errors.js';

export type ConntrackHelperColumns = Omit<ConntrackHelperRow, 'id'>;

const COLUMNS: readonly (keyof ConntrackHelperColumns)[] = ['router_id', 'protocol', 'port', 'helper'];

function columnsOf(body: Readonly<Record<string, unknown>>): Partial<ConntrackHelperColumns> {
  return Object.fromEntries(COLUMNS.filter((column) => body[column] !== undefined).map((column) => [column, body[column]])) as Partial<ConntrackHelperColumns>;
}

/**
 * Conntrack helpers (neutron's ConntrackHelper): no project of their own
 * and no standard attributes, so every row is visible to the store; the API
 * policy checks the router's owner through `router_id`, which the API does
 * not show. Bodies are the columns the plugin worked out.
 */
export const conntrackHelpers: TableResource<ConntrackHelperRow> = {
  table: 'conntrack_helpers',
  member: 'conntrack_helper',
  collection: 'conntrack_helpers',
  visibility: 'everyone',
  owned: false,
  standardAttributes: false,
  notFound: (id) => new ConntrackHelperNotFound({ id }),
  toDict: (row) => ({ router_id: row.router_id, protocol: row.protocol, port: Number(row.port), helper: row.helper }),
  newRow: columnsOf,
  changes: columnsOf,
  sqlFilters: ['router_id'],
};
