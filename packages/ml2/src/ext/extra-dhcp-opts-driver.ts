import type { Context, ResourceDict, ResourceRequest } from '@net-server/lib';
import type { Ml2Db } from '../db/schema.js';
import type { ExtensionDriver } from './extension-driver.js';

const EXTRA_DHCP_OPTS = 'extra_dhcp_opts';
/** neutron_lib's VALID_BLANK_EXTRA_DHCP_OPTS: options whose empty value means "send none". */
const VALID_BLANK = new Set(['router', 'classless-static-route']);

interface DhcpOpt {
  opt_name: string;
  opt_value: string;
  ip_version: number;
}

/** neutron's _is_valid_opt_value: options other than the blank-able ones need a value. */
function isValidValue(name: string, value: unknown): value is string {
  return VALID_BLANK.has(name) ? value !== null && value !== undefined : typeof value === 'string' && value !== '';
}

function requested(data: ResourceRequest): Record<string, unknown>[] {
  const value = data[EXTRA_DHCP_OPTS];
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
}

/**
 * `extra_dhcp_opts` on ports (neutron's ExtraDhcpOptMixin, which ML2 always
 * serves): DHCP options the DHCP agent gives the port. An update merges by
 * option name and IP version: a new value replaces, `null` removes, an
 * option not named stays.
 */
export class ExtraDhcpOptsDriver implements ExtensionDriver {
  readonly extensionAlias = 'extra_dhcp_opt';

  async processCreatePort(db: Ml2Db, _context: Context, data: ResourceRequest, result: ResourceDict): Promise<void> {
    const id = String(result['id']);
    const opts = requested(data).flatMap((opt) => {
      const name = String(opt['opt_name']);
      return isValidValue(name, opt['opt_value']) ? [{ port_id: id, opt_name: name, opt_value: opt['opt_value'], ip_version: ipVersion(opt) }] : [];
    });
    if (opts.length > 0) await db.insertInto('ml2_extra_dhcp_opts').values(opts).execute();
    result[EXTRA_DHCP_OPTS] = (await loadOpts(db, [id])).get(id) ?? [];
  }

  async processUpdatePort(db: Ml2Db, _context: Context, data: ResourceRequest, result: ResourceDict): Promise<void> {
    const id = String(result['id']);
    for (const opt of requested(data)) {
      const name = String(opt['opt_name']);
      const version = ipVersion(opt);
      const value = opt['opt_value'];
      const existing = db.deleteFrom('ml2_extra_dhcp_opts').where('port_id', '=', id).where('opt_name', '=', name).where('ip_version', '=', version);
      if (value === null || value === undefined) {
        await existing.execute();
      } else if (isValidValue(name, value)) {
        await existing.execute();
        await db.insertInto('ml2_extra_dhcp_opts').values({ port_id: id, opt_name: name, opt_value: value, ip_version: version }).execute();
      }
    }
    result[EXTRA_DHCP_OPTS] = (await loadOpts(db, [id])).get(id) ?? [];
  }

  async processDeletePort(db: Ml2Db, _context: Context, resource: ResourceDict): Promise<void> {
    await db.deleteFrom('ml2_extra_dhcp_opts').where('port_id', '=', String(resource['id'])).execute();
  }

  async extendPortDicts(db: Ml2Db, results: ResourceDict[]): Promise<void> {
    const opts = await loadOpts(
      db,
      results.map((result) => String(result['id'])),
    );
    for (const result of results) result[EXTRA_DHCP_OPTS] = opts.get(String(result['id'])) ?? [];
  }
}

function ipVersion(opt: Record<string, unknown>): number {
  return opt['ip_version'] === undefined || opt['ip_version'] === null ? 4 : Number(opt['ip_version']);
}

async function loadOpts(db: Ml2Db, portIds: readonly string[]): Promise<Map<string, DhcpOpt[]>> {
  const byPort = new Map<string, DhcpOpt[]>();
  if (portIds.length === 0) return byPort;
  const rows = await db
    .selectFrom('ml2_extra_dhcp_opts')
    .select(['port_id', 'opt_name', 'opt_value', 'ip_version'])
    .where('port_id', 'in', portIds)
    .orderBy('port_id')
    .orderBy('opt_name')
    .orderBy('ip_version')
    .execute();
  for (const row of rows) {
    const list = byPort.get(row.port_id) ?? [];
    list.push({ opt_name: row.opt_name, opt_value: row.opt_value, ip_version: Number(row.ip_version) });
    byPort.set(row.port_id, list);
  }
  return byPort;
}
