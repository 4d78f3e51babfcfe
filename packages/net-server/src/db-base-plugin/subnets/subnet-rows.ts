import type { Expression } from 'kysely';
import type { RowFilter, RowPage } from '../../resource-kit/resource-ops.js';
import { selectRows } from '../../resource-kit/select-rows.js';
import { ACCESS_SHARED, networksGrantedTo } from '../network-rbac/network-rbac-entries.js';
import type { SubnetsTable } from '../schema.js';
import type { Session } from '../session.js';

export type SubnetRow = SubnetsTable;

/** Subnets the caller may see: admins and advanced services all, others their own, those on networks shared with them (RBAC access_as_shared) and those `alsoVisible` adds (ResourceHooks). */
export async function loadSubnetRows(
  session: Session,
  filter?: RowFilter,
  alsoVisible: readonly Expression<string>[] = [],
  page?: RowPage,
): Promise<SubnetRow[]> {
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
  const column = filter?.column === 'network_id' ? 'network_id' : 'id';
  // Unpaged lists come in creation order, as neutron's; a page is in id order, as neutron's paging sorts.
  return (await selectRows(page ? query : query.orderBy('created_at').orderBy('id'), filter && { column, values: filter.values }, page)) as SubnetRow[];
}

/** A row's IPv6 modes, as isAutoAddressSubnet reads them. */
export function subnetModes(row: SubnetRow): { ip_version: number; ipv6_ra_mode: string | null; ipv6_address_mode: string | null } {
  return { ip_version: Number(row.ip_version), ipv6_ra_mode: row.ipv6_ra_mode, ipv6_address_mode: row.ipv6_address_mode };
}
