import { Context } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { Migrator } from '../src/db/migrator.js';
import { DbBasePlugin } from '../src/db-base-plugin/db-base-plugin.js';
import { coreMigrations } from '../src/db-base-plugin/migrations.js';
import { dialects, migratedDatabase } from './api/db-harness.js';

const NETWORK_RBAC = 'core_0004_network_rbac';

/*
 * core_0004_network_rbac on a database of the previous schema: networks'
 * `shared` column becomes their access_as_shared entries for '*', so a
 * shared network stays shared and visible to every project.
 */
describe.each(dialects)('%s', (dialect) => {
  it(`${NETWORK_RBAC} turns shared networks into access_as_shared entries for every project`, async () => {
    // The schema before it: later migrations follow it.
    const before = coreMigrations.slice(
      0,
      coreMigrations.findIndex((migration) => migration.id === NETWORK_RBAC),
    );
    const db = await migratedDatabase(dialect, before);
    try {
      const row = {
        project_id: 'owner',
        name: '',
        status: 'ACTIVE',
        admin_state_up: 1,
        mtu: 1500,
        description: '',
        revision_number: 0,
        created_at: 'now',
        updated_at: 'now',
      };
      await db.database.db
        .insertInto('networks')
        .values([
          { ...row, id: '00000000-0000-4000-8000-000000000001', shared: 1 },
          { ...row, id: '00000000-0000-4000-8000-000000000002', shared: 0 },
        ])
        .execute();
      await new Migrator(db.database, [{ packageName: 'net-server', migrations: coreMigrations }]).upgrade();
      const entries = await db.database.db.selectFrom('networkrbacs').select(['project_id', 'object_id', 'target_project', 'action']).execute();
      expect(entries).toEqual([{ project_id: 'owner', object_id: '00000000-0000-4000-8000-000000000001', target_project: '*', action: 'access_as_shared' }]);
      const plugin = new DbBasePlugin({ database: db.database, novaNotifier: null });
      const other = new Context({ projectId: 'someone-else', roles: ['member'] });
      expect((await plugin.getNetworks(other)).map((network) => [network.id, network.shared])).toEqual([['00000000-0000-4000-8000-000000000001', true]]);
    } finally {
      await db.drop();
    }
  });
});
