import { givenString, type TableResource } from 'net-server';
import type { LocalIpRow } from '../db/schema.js';
import { LocalIPNotFound } from '../errors.js';

export type LocalIpColumns = Pick<LocalIpRow, 'name' | 'local_port_id' | 'network_id' | 'local_ip_address' | 'ip_mode'>;

const COLUMNS: readonly (keyof LocalIpColumns)[] = ['name', 'local_port_id', 'network_id', 'local_ip_address', 'ip_mode'];

/**
 * Local IPs (neutron's LocalIP): a project's, with the standard attributes
 * (description, timestamps, revision, tags). The plugin works out the port,
 * network and address before the store writes the row; only the name (and
 * the description) change afterwards.
 */
export const localIps: TableResource<LocalIpRow> = {
  table: 'local_ips',
  member: 'local_ip',
  collection: 'local_ips',
  visibility: 'owner',
  standardAttributes: true,
  notFound: (id) => new LocalIPNotFound({ id }),
  toDict: (row) => ({
    name: row.name,
    local_port_id: row.local_port_id,
    network_id: row.network_id,
    local_ip_address: row.local_ip_address,
    ip_mode: row.ip_mode,
  }),
  newRow: (body) => Object.fromEntries(COLUMNS.map((column) => [column, givenString(body, column) ?? ''])) as Partial<LocalIpRow>,
  changes: (body) => {
    const name = givenString(body, 'name');
    return name === undefined ? {} : { name };
  },
  sqlFilters: ['local_port_id', 'network_id'],
};
