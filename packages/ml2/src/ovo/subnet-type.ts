import type { Session } from 'net-server';
import { allIds, STANDARD_FIELDS, type DictLoader } from './dict-loader.js';
import { filterStrings } from './object-filters.js';
import type { ObjectType } from './object-type.js';
import { OBJECT_VERSIONS } from './object-versions.js';
import { primitive } from './primitive.js';
import { subnetPrimitive, type PoolRow } from './subnet-object.js';

async function subnetIdsOf(session: Session, networkIds: readonly string[]): Promise<string[]> {
  if (networkIds.length === 0) return [];
  return (
    await session.db
      .selectFrom('subnets')
      .select('id')
      .where('network_id', 'in', [...networkIds])
      .execute()
  ).map((row) => row.id);
}

/** neutron's Subnet objects, from the base plugin's subnets. */
export function subnetType(loadDicts: DictLoader): ObjectType {
  return {
    name: 'Subnet',
    filterable: [
      'id',
      'project_id',
      'tenant_id',
      'name',
      'network_id',
      'segment_id',
      'subnetpool_id',
      'ip_version',
      'cidr',
      'gateway_ip',
      'enable_dhcp',
      'ipv6_ra_mode',
      'ipv6_address_mode',
      ...STANDARD_FIELDS,
    ],
    async candidates(session, filters) {
      const networkIds = filterStrings(filters, 'network_id');
      return filterStrings(filters, 'id') ?? (networkIds && subnetIdsOf(session, networkIds));
    },
    async load(session, ids) {
      const subnets = await loadDicts(session, 'subnet', ids ?? (await allIds(session, 'subnets')));
      const subnetIds = subnets.map((subnet) => String(subnet['id']));
      const pools: PoolRow[] =
        subnetIds.length === 0 ? [] : await session.db.selectFrom('ipallocationpools').selectAll().where('subnet_id', 'in', subnetIds).execute();
      return subnets.map((subnet) =>
        subnetPrimitive(
          subnet,
          pools.filter((pool) => pool.subnet_id === subnet['id']),
        ),
      );
    },
    deleted(id) {
      return primitive('Subnet', OBJECT_VERSIONS.Subnet, { id }, ['id']);
    },
  };
}
