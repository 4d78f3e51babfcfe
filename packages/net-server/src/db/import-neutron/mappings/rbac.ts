import type { NeutronSource, Row } from '../neutron-source.js';
import { copy, type TableMapping } from './table-mapping.js';

/**
 * A resource neutron shares through RBAC entries, with the `shared` flag
 * an older net-server table keeps (true when an access_as_shared entry
 * for '*' exists); a table without that column drops it when written.
 */
export function sharedThroughRbac(target: string, source: string, rbacTable: string, standardAttributes: boolean): TableMapping {
  return {
    target,
    sources: [source],
    async read(from: NeutronSource): Promise<Row[]> {
      const shared = new Set(
        (await from.rows(rbacTable))
          .filter((entry) => entry['target_project'] === '*' && entry['action'] === 'access_as_shared')
          .map((entry) => String(entry['object_id'])),
      );
      const rows = await from.rows(source, { standardAttributes });
      return rows.map((row) => ({ ...row, shared: Boolean(row['shared']) || shared.has(String(row['id'])) }));
    },
  };
}

/** neutron's RBAC entries (id, project_id, object_id, target_project, action), which net-server keeps alike. */
export function rbacEntries(target: string, source: string): TableMapping {
  return copy(target, source);
}
