import { cidrSize, ipRange, parseCidr, parseIpAddress, rangeSize, type Filters } from '@net-server/lib';
import type { Kysely, RawBuilder, SqlBool } from 'kysely';
import { sql, type CoreDb, type CoreTables } from 'net-server';

/** The core tables counted here, without the catch-all of other packages' tables (which leaves joined columns untyped). */
type CountedDb = Kysely<Pick<CoreTables, 'networks' | 'subnets' | 'ipallocations' | 'ipallocationpools'>>;

/**
 * A count as neutron returns it: an exact integer. IPv6 pools hold far more
 * than 2^53 addresses, so totals are summed as bigint and stay bigint when
 * a JavaScript number would round them (net-server's API writes a bigint as
 * a JSON integer, digit for digit, as Python's json does).
 */
export type IpCount = number | bigint;

export type SubnetIpAvailability = {
  subnet_id: string;
  ip_version: number;
  cidr: string;
  subnet_name: string;
  used_ips: number;
  total_ips: IpCount;
};

export type NetworkIpAvailability = {
  network_id: string;
  network_name: string;
  tenant_id: string;
  project_id: string;
  subnet_ip_availability: SubnetIpAvailability[];
  used_ips: number;
  total_ips: IpCount;
};

/** The filters neutron's IpAvailabilityMixin honours, by the column they compare; others are ignored, as there. */
const FILTER_COLUMNS: Readonly<Record<string, string>> = {
  network_id: 'networks.id',
  network_name: 'networks.name',
  tenant_id: 'networks.project_id',
  project_id: 'networks.project_id',
  ip_version: 'subnets.ip_version',
};

/**
 * neutron's get_network_ip_availabilities: every network matching the
 * filters with its subnets; a subnet's `total_ips` is the size of its
 * allocation pools (of its whole CIDR when it has none), `used_ips` the
 * number of its IP allocations; a network's are its subnets' sums. An
 * `ip_version` filter leaves out networks without a subnet of that version.
 */
export async function loadIpAvailabilities(coreDb: CoreDb, filters: Filters): Promise<NetworkIpAvailability[]> {
  const db = coreDb as unknown as CountedDb;
  const where = matching(filters);
  const used = await db
    .selectFrom('networks')
    .leftJoin('subnets', 'subnets.network_id', 'networks.id')
    .leftJoin('ipallocations', 'ipallocations.subnet_id', 'subnets.id')
    .select([
      'networks.id as network_id',
      'networks.name as network_name',
      'networks.project_id as project_id',
      'subnets.id as subnet_id',
      'subnets.name as subnet_name',
      'subnets.cidr as cidr',
      'subnets.ip_version as ip_version',
    ])
    .select((eb) => eb.fn.count<number | string>('ipallocations.subnet_id').as('used_ips'))
    .where(where)
    .groupBy(['networks.id', 'networks.name', 'networks.project_id', 'subnets.id', 'subnets.name', 'subnets.cidr', 'subnets.ip_version'])
    .orderBy('networks.id')
    .orderBy('subnets.id')
    .execute();
  const totals = await subnetTotals(db, where);
  const networks = new Map<string, NetworkIpAvailability & { total: bigint }>();
  for (const row of used) {
    let network = networks.get(row.network_id);
    if (!network) {
      network = {
        network_id: row.network_id,
        network_name: row.network_name,
        tenant_id: row.project_id,
        project_id: row.project_id,
        subnet_ip_availability: [],
        used_ips: 0,
        total_ips: 0,
        total: 0n,
      };
      networks.set(row.network_id, network);
    }
    if (row.subnet_id === null) continue;
    const total = totals.get(row.subnet_id) ?? 0n;
    const subnet: SubnetIpAvailability = {
      subnet_id: row.subnet_id,
      ip_version: Number(row.ip_version),
      cidr: row.cidr ?? '',
      subnet_name: row.subnet_name ?? '',
      // PostgreSQL answers count() as a bigint string.
      used_ips: Number(row.used_ips),
      total_ips: exact(total),
    };
    network.subnet_ip_availability.push(subnet);
    network.used_ips += subnet.used_ips;
    network.total += total;
  }
  return [...networks.values()].map(({ total, ...network }) => ({ ...network, total_ips: exact(total) }));
}

/** Each matching subnet's address count: its pools' sizes, or its CIDR's when it has no pool. */
async function subnetTotals(db: CountedDb, where: RawBuilder<SqlBool>): Promise<Map<string, bigint>> {
  const rows = await db
    .selectFrom('networks')
    .innerJoin('subnets', 'subnets.network_id', 'networks.id')
    .leftJoin('ipallocationpools', 'ipallocationpools.subnet_id', 'subnets.id')
    .select(['subnets.id as subnet_id', 'subnets.cidr as cidr', 'ipallocationpools.first_ip as first_ip', 'ipallocationpools.last_ip as last_ip'])
    .where(where)
    .execute();
  const totals = new Map<string, bigint>();
  for (const row of rows) {
    totals.set(row.subnet_id, (totals.get(row.subnet_id) ?? 0n) + addressCount(row.cidr, row.first_ip, row.last_ip));
  }
  return totals;
}

function addressCount(cidr: string, first: string | null, last: string | null): bigint {
  if (first === null || last === null) {
    const parsed = parseCidr(cidr);
    return parsed ? cidrSize(parsed) : 0n;
  }
  const start = parseIpAddress(first);
  const end = parseIpAddress(last);
  const range = start && end ? ipRange(start, end) : undefined;
  return range ? rangeSize(range) : 0n;
}

/** The supported filters with values, ANDed; a filter's values are alternatives. */
function matching(filters: Filters): RawBuilder<SqlBool> {
  const conditions: RawBuilder<unknown>[] = [];
  for (const [name, column] of Object.entries(FILTER_COLUMNS)) {
    const values = filters[name];
    if (!values || values.length === 0) continue;
    const wanted = name === 'ip_version' ? values.map(Number).filter(Number.isInteger) : values.map(String);
    // An ip_version no subnet can have (`?ip_version=x`) matches nothing, as the SQL comparison does in neutron.
    conditions.push(wanted.length === 0 ? sql`1 = 0` : sql`${sql.ref(column)} in (${sql.join(wanted)})`);
  }
  return conditions.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
}

/** A bigint as a number when that is exact. */
function exact(value: bigint): IpCount {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}
