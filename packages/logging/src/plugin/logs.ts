import { given, givenBoolean, givenString, type TableResource } from 'net-server';
import { ALL_EVENT } from '../api/definitions.js';
import type { LogRow } from '../db/schema.js';
import { LogResourceNotFound } from '../errors.js';

const idOrNull = (value: unknown): string | null => (value === undefined || value === null ? null : String(value));

/**
 * Logs (neutron's Log): an admin's objects saying which security group
 * events of which ports to log, with the standard attributes. Only the
 * name, the description and `enabled` change after the create.
 */
export const logs: TableResource<LogRow> = {
  table: 'logs',
  member: 'log',
  collection: 'logs',
  visibility: 'owner',
  standardAttributes: true,
  notFound: (id) => new LogResourceNotFound({ log_id: id }),
  toDict: (row) => ({
    name: row.name,
    resource_type: row.resource_type,
    resource_id: row.resource_id ?? null,
    target_id: row.target_id ?? null,
    event: row.event,
    enabled: row.enabled === true || Number(row.enabled) === 1,
  }),
  newRow: (body) => ({
    name: givenString(body, 'name') ?? '',
    resource_type: givenString(body, 'resource_type') ?? '',
    resource_id: idOrNull(given(body, 'resource_id')),
    target_id: idOrNull(given(body, 'target_id')),
    event: givenString(body, 'event') ?? ALL_EVENT,
    enabled: givenBoolean(body, 'enabled') ?? true,
  }),
  changes: (body) => {
    const name = givenString(body, 'name');
    const enabled = givenBoolean(body, 'enabled');
    return { ...(name === undefined ? {} : { name }), ...(enabled === undefined ? {} : { enabled }) };
  },
  sqlFilters: ['resource_id', 'target_id'],
};
