import { isAttrSpecified, type Context, type ResourceDict, type ResourceRequest } from '@net-server/lib';
import { upsertRow } from 'net-server';
import type { Ml2Db } from '../db/schema.js';
import type { ExtensionDriver } from './extension-driver.js';

const PORTSECURITY = 'port_security_enabled';
/** neutron_lib.api.definitions.port_security.DEFAULT_PORT_SECURITY. */
const DEFAULT_PORT_SECURITY = true;

function requested(data: ResourceRequest): boolean | undefined {
  const value = data[PORTSECURITY];
  return value === undefined || value === null || !isAttrSpecified(value) ? undefined : Boolean(value);
}

/**
 * `port_security_enabled` on networks and ports (neutron's
 * PortSecurityExtensionDriver): a network defaults to enabled, a port to
 * its network's value.
 */
export class PortSecurityDriver implements ExtensionDriver {
  readonly extensionAlias = 'port-security';

  async processCreateNetwork(db: Ml2Db, _context: Context, data: ResourceRequest, result: ResourceDict): Promise<void> {
    const enabled = requested(data) ?? DEFAULT_PORT_SECURITY;
    await db
      .insertInto('ml2_network_port_security')
      .values({ network_id: String(result['id']), port_security_enabled: enabled ? 1 : 0 })
      .execute();
    result[PORTSECURITY] = enabled;
  }

  async processUpdateNetwork(db: Ml2Db, _context: Context, data: ResourceRequest, result: ResourceDict): Promise<void> {
    const enabled = requested(data);
    if (enabled === undefined) return;
    const value = enabled ? 1 : 0;
    await upsertRow(db, 'ml2_network_port_security', { network_id: String(result['id']), port_security_enabled: value }, (c) => c.column('network_id'), {
      port_security_enabled: value,
    });
    result[PORTSECURITY] = enabled;
  }

  async processCreatePort(db: Ml2Db, _context: Context, data: ResourceRequest, result: ResourceDict): Promise<void> {
    let enabled = requested(data);
    if (enabled === undefined) {
      const network = await db
        .selectFrom('ml2_network_port_security')
        .select('port_security_enabled')
        .where('network_id', '=', String(result['network_id']))
        .executeTakeFirst();
      enabled = network === undefined ? DEFAULT_PORT_SECURITY : Boolean(network.port_security_enabled);
    }
    await db
      .insertInto('ml2_port_port_security')
      .values({ port_id: String(result['id']), port_security_enabled: enabled ? 1 : 0 })
      .execute();
    result[PORTSECURITY] = enabled;
  }

  async processUpdatePort(db: Ml2Db, _context: Context, data: ResourceRequest, result: ResourceDict): Promise<void> {
    const enabled = requested(data);
    if (enabled === undefined) return;
    const value = enabled ? 1 : 0;
    await upsertRow(db, 'ml2_port_port_security', { port_id: String(result['id']), port_security_enabled: value }, (c) => c.column('port_id'), {
      port_security_enabled: value,
    });
    result[PORTSECURITY] = enabled;
  }

  async processDeleteNetwork(db: Ml2Db, _context: Context, resource: ResourceDict): Promise<void> {
    await db.deleteFrom('ml2_network_port_security').where('network_id', '=', String(resource['id'])).execute();
  }

  async processDeletePort(db: Ml2Db, _context: Context, resource: ResourceDict): Promise<void> {
    await db.deleteFrom('ml2_port_port_security').where('port_id', '=', String(resource['id'])).execute();
  }

  async extendNetworkDicts(db: Ml2Db, results: ResourceDict[]): Promise<void> {
    const rows = await db
      .selectFrom('ml2_network_port_security')
      .select(['network_id', 'port_security_enabled'])
      .where(
        'network_id',
        'in',
        results.map((r) => String(r['id'])),
      )
      .execute();
    const byId = new Map(rows.map((row) => [row.network_id, Boolean(row.port_security_enabled)]));
    for (const result of results) result[PORTSECURITY] = byId.get(String(result['id'])) ?? DEFAULT_PORT_SECURITY;
  }

  async extendPortDicts(db: Ml2Db, results: ResourceDict[]): Promise<void> {
    const rows = await db
      .selectFrom('ml2_port_port_security')
      .select(['port_id', 'port_security_enabled'])
      .where(
        'port_id',
        'in',
        results.map((r) => String(r['id'])),
      )
      .execute();
    const byId = new Map(rows.map((row) => [row.port_id, Boolean(row.port_security_enabled)]));
    for (const result of results) result[PORTSECURITY] = byId.get(String(result['id'])) ?? DEFAULT_PORT_SECURITY;
  }
}
