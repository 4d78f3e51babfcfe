import {
  AddressPairAndPortSecurityRequired,
  AllowedAddressPairExhausted,
  DuplicateAddressPairInRequest,
  isAttrSpecified,
  type ConfigReader,
  type Context,
  type ResourceDict,
  type ResourceRequest,
} from '@net-server/lib';
import { addressPairOptions } from '../config/options.js';
import type { Ml2Db } from '../db/schema.js';
import type { ExtensionDriver } from './extension-driver.js';

const ADDRESS_PAIRS = 'allowed_address_pairs';

interface AddressPair {
  ip_address: string;
  mac_address: string;
}

/** The pairs a request sets: undefined when it leaves them alone, [] when it clears them. */
function requested(data: ResourceRequest): Record<string, unknown>[] | undefined {
  if (!(ADDRESS_PAIRS in data)) return undefined;
  const value = data[ADDRESS_PAIRS];
  if (!isAttrSpecified(value)) return undefined;
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
}

/**
 * `allowed_address_pairs` on ports (neutron's AllowedAddressPairsMixin, which
 * ML2 always serves): addresses a port may send from besides its own, the
 * port's MAC unless one is given, at most `max_allowed_address_pair`, and
 * only while port security is on. Loaded after the configured extension
 * drivers, so that port-security has set `port_security_enabled`.
 */
export class AllowedAddressPairsDriver implements ExtensionDriver {
  readonly extensionAlias = 'allowed-address-pairs';

  constructor(private readonly config: ConfigReader) {}

  async processCreatePort(db: Ml2Db, _context: Context, data: ResourceRequest, result: ResourceDict): Promise<void> {
    const asked = requested(data) ?? [];
    if (asked.length > 0 && result['port_security_enabled'] === false) throw new AddressPairAndPortSecurityRequired({});
    result[ADDRESS_PAIRS] = await this.#store(db, result, asked);
  }

  async processUpdatePort(db: Ml2Db, _context: Context, data: ResourceRequest, result: ResourceDict): Promise<void> {
    const asked = requested(data);
    const id = String(result['id']);
    if (asked === undefined) {
      const current = (await loadPairs(db, [id])).get(id) ?? [];
      // Turning port security off keeps no pairs, as neutron's _portsec_ext_port_update_processing.
      if (current.length > 0 && result['port_security_enabled'] === false) throw new AddressPairAndPortSecurityRequired({});
      result[ADDRESS_PAIRS] = current;
      return;
    }
    if (asked.length > 0 && result['port_security_enabled'] === false) throw new AddressPairAndPortSecurityRequired({});
    await db.deleteFrom('ml2_allowed_address_pairs').where('port_id', '=', id).execute();
    result[ADDRESS_PAIRS] = await this.#store(db, result, asked);
  }

  async processDeletePort(db: Ml2Db, _context: Context, resource: ResourceDict): Promise<void> {
    await db.deleteFrom('ml2_allowed_address_pairs').where('port_id', '=', String(resource['id'])).execute();
  }

  async extendPortDicts(db: Ml2Db, results: ResourceDict[]): Promise<void> {
    const pairs = await loadPairs(
      db,
      results.map((result) => String(result['id'])),
    );
    for (const result of results) result[ADDRESS_PAIRS] = pairs.get(String(result['id'])) ?? [];
  }

  async #store(db: Ml2Db, port: ResourceDict, asked: readonly Record<string, unknown>[]): Promise<AddressPair[]> {
    const quota = this.config.get('DEFAULT', addressPairOptions.maxAllowedAddressPair);
    if (asked.length > quota) throw new AllowedAddressPairExhausted({ quota });
    const pairs = asked.map((pair) => ({ ip_address: String(pair['ip_address']), mac_address: String(pair['mac_address'] ?? port['mac_address']) }));
    const seen = new Set<string>();
    for (const pair of pairs) {
      // A pair given once with the port's MAC and once without is the same pair.
      const key = `${pair.mac_address.toLowerCase()} ${pair.ip_address}`;
      if (seen.has(key)) throw new DuplicateAddressPairInRequest({ mac_address: pair.mac_address, ip_address: pair.ip_address });
      seen.add(key);
    }
    if (pairs.length > 0) {
      await db
        .insertInto('ml2_allowed_address_pairs')
        .values(pairs.map((pair, position) => ({ port_id: String(port['id']), ...pair, position })))
        .execute();
    }
    return pairs;
  }
}

async function loadPairs(db: Ml2Db, portIds: readonly string[]): Promise<Map<string, AddressPair[]>> {
  const byPort = new Map<string, AddressPair[]>();
  if (portIds.length === 0) return byPort;
  const rows = await db
    .selectFrom('ml2_allowed_address_pairs')
    .select(['port_id', 'mac_address', 'ip_address'])
    .where('port_id', 'in', portIds)
    .orderBy('port_id')
    .orderBy('position')
    .execute();
  for (const row of rows) {
    const list = byPort.get(row.port_id) ?? [];
    list.push({ ip_address: row.ip_address, mac_address: row.mac_address });
    byPort.set(row.port_id, list);
  }
  return byPort;
}
