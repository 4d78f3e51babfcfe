import type { ResourceDict } from '@net-server/lib';
import type { TableResource } from 'net-server';
import type { PortForwardingRow } from '../db/schema.js';
import { PortForwardingNotFound } from '../errors.js';
import { rangeText, type PortRange } from './port-ranges.js';

/** The columns a create or an update writes, which the plugin works out from the request (ranges resolved, the internal address chosen). */
export type PortForwardingColumns = Omit<PortForwardingRow, 'id'>;

const COLUMNS: readonly (keyof PortForwardingColumns)[] = [
  'floatingip_id',
  'internal_neutron_port_id',
  'protocol',
  'internal_ip_address',
  'internal_port_start',
  'internal_port_end',
  'external_port_start',
  'external_port_end',
  'description',
];

function columnsOf(body: Readonly<Record<string, unknown>>): Partial<PortForwardingColumns> {
  return Object.fromEntries(COLUMNS.filter((column) => body[column] !== undefined).map((column) => [column, body[column]])) as Partial<PortForwardingColumns>;
}

export function internalRange(row: PortForwardingRow): PortRange {
  return { start: Number(row.internal_port_start), end: Number(row.internal_port_end) };
}

export function externalRange(row: PortForwardingRow): PortRange {
  return { start: Number(row.external_port_start), end: Number(row.external_port_end) };
}

const single = (range: PortRange): number | null => (range.start === range.end ? range.start : null);

/**
 * A forwarding as neutron's PortForwarding object shows it: both ranges
 * always (`80:80` for a single port), and each side's single port when its
 * range has one port (null otherwise). `floatingip_id` is not in the API's
 * attributes, which drops it; it names the parent for the policy's owner
 * check and for filtering by floating IP.
 */
export function forwardingDict(row: PortForwardingRow): ResourceDict {
  const internal = internalRange(row);
  const external = externalRange(row);
  return {
    floatingip_id: row.floatingip_id,
    external_port: single(external),
    internal_port: single(internal),
    internal_ip_address: row.internal_ip_address,
    protocol: row.protocol,
    internal_port_id: row.internal_neutron_port_id,
    description: row.description,
    external_port_range: rangeText(external),
    internal_port_range: rangeText(internal),
  };
}

/**
 * Port forwardings (neutron's PortForwarding): no project of their own and
 * no standard attributes shown, so every row is visible to the store and
 * the plugin scopes them through their floating IP, which the caller must
 * see. Create and update bodies are the columns the plugin worked out.
 */
export const portForwardings: TableResource<PortForwardingRow> = {
  table: 'portforwardings',
  member: 'port_forwarding',
  collection: 'port_forwardings',
  visibility: 'everyone',
  owned: false,
  standardAttributes: false,
  notFound: (id) => new PortForwardingNotFound({ id }),
  toDict: forwardingDict,
  newRow: columnsOf,
  changes: columnsOf,
  sqlFilters: ['floatingip_id'],
};
