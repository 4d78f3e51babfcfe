import type { Expression } from 'kysely';
import type { RowFilter } from '../../resource-kit/resource-ops.js';
import { ACCESS_SHARED, networksGrantedTo } from '../network-rbac/network-rbac-entries.js';
import type { SubnetsTable } from '../schema.js';
import type { Session } from '../session.js';
import { inChunks } from '../standard-attributes.js';

export type SubnetRow = SubnetsTable;

/** Subnets the caller may see: admins and advanced services all, others their own, those on networks shared with them (RBAC access_as_shared) and those `alsoVisible` adds (ResourceHooks). */
export async function loadSubnetRows(session: Session, filter?: RowFilter, alsoVisible: readonly Expression<string>[] = []): Promise<SubnetRow[]> {
  let query = session.db.selectFrom('subnets').selectAll();
  const { context } = session;
  if (!context.seesAllProjects) {
    query = query.where((eb) =>
      eb.or([
        eb('project_id', '=', context.projectId ?? ''),
        eb('network_id', 'in', networksGrantedTo(session.db, context.projectId ?? '', [ACCESS_SHARED])),
        ...alsoVisible.map((extra) => eb('id', 'in', extra)),
      ]),
    );
  }
  const ordered = query.orderBy('created_at').orderBy('id');
  if (filter === undefined) return (await ordered.execute()) as SubnetRow[];
  const column = filter.column === 'network_id' ? 'network_id' : 'id';
  return inChunks(filter.values, async (part) => (await ordered.where(column, 'in', part).execute()) as SubnetRow[]);
}

/** A row's IPv6 modes, as isAutoAddressSubnet reads them. */
export function subnetModes(row: SubnetRow): { ip_version: number; ipv6_ra_mode: string | null; ipv6_address_mode: string | null } {
  return { ip_version: Number(row.ip_version), ipv6_ra_mode: row.ipv6_ra_mode, ipv6_address_mode: row.ipv6_address_mode };
}
