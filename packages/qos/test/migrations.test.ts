import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coreMigrations, Database, Migrator } from 'net-server';
import { migrations } from '@net-server/qos';
import { describe, expect, it } from 'vitest';

const POLICY_RBAC = 'qos_0002_policy_rbac';

/*
 * qos_0002_policy_rbac on a database of the previous schema: a policy's
 * `shared` column becomes its access_as_shared entry for '*' (owned by the
 * policy's project), and the column goes.
 */
describe('QoS migrations', () => {
  it(`${POLICY_RBAC} turns shared policies into access_as_shared entries for every project`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qos-migrations-'));
    const database = Database.open(`sqlite:///${join(dir, 'qos.db')}`);
    try {
      const before = migrations.slice(
        0,
        migrations.findIndex((migration) => migration.id === POLICY_RBAC),
      );
      await new Migrator(database, [
        { packageName: 'net-server', migrations: coreMigrations },
        { packageName: '@net-server/qos', migrations: before },
      ]).upgrade();
      const row = { project_id: 'owner', name: '', description: '', revision_number: 0, created_at: 'now', updated_at: 'now' };
      await database.db
        .insertInto('qos_policies')
        .values([
          { ...row, id: '00000000-0000-4000-8000-000000000001', shared: 1 },
          { ...row, id: '00000000-0000-4000-8000-000000000002', shared: 0 },
        ])
        .execute();
      await new Migrator(database, [
        { packageName: 'net-server', migrations: coreMigrations },
        { packageName: '@net-server/qos', migrations },
      ]).upgrade();
      const entries = await database.db.selectFrom('qos_policies_rbacs').select(['project_id', 'object_id', 'target_project', 'action']).execute();
      expect(entries).toEqual([{ project_id: 'owner', object_id: '00000000-0000-4000-8000-000000000001', target_project: '*', action: 'access_as_shared' }]);
      const policies = await database.db.selectFrom('qos_policies').selectAll().orderBy('id').execute();
      expect(policies.map((policy) => [policy['id'], 'shared' in policy])).toEqual([
        ['00000000-0000-4000-8000-000000000001', false],
        ['00000000-0000-4000-8000-000000000002', false],
      ]);
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
