import { Context, NeutronException } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { Migrator } from '../src/db/migrator.js';
import { DbBasePlugin } from '../src/db-base-plugin/db-base-plugin.js';
import { coreMigrations } from '../src/db-base-plugin/migrations.js';
import { dialects, migratedDatabase } from './api/db-harness.js';

const SUBNETPOOL_RBAC = 'core_0005_subnetpool_rbac';
const OWNER = new Context({ projectId: 'owner', roles: ['member'] });
const TARGET = new Context({ projectId: 'target', roles: ['member'] });
const OTHER = new Context({ projectId: 'someone-else', roles: ['member'] });

async function errorType(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NeutronException) return error.type;
    throw error;
  }
  return 'no error';
}

/*
 * rbac-subnetpool on the DB base plugin, with each database: a pool's
 * `shared` column becomes its entry for '*' (core_0005_subnetpool_rbac),
 * and entries share a pool with one project, which then sees it and
 * allocates subnets from it, and keeps the entry while it has them.
 */
describe.each(dialects)('subnet pool RBAC on %s', (dialect) => {
  it(`${SUBNETPOOL_RBAC} turns shared pools into access_as_shared entries for every project`, async () => {
    const before = coreMigrations.slice(
      0,
      coreMigrations.findIndex((migration) => migration.id === SUBNETPOOL_RBAC),
    );
    const db = await migratedDatabase(dialect, before);
    try {
      const row = {
        project_id: 'owner',
        name: '',
        ip_version: 4,
        default_prefixlen: 24,
        min_prefixlen: 8,
        max_prefixlen: 32,
        is_default: 0,
        description: '',
        revision_number: 0,
        created_at: 'now',
        updated_at: 'now',
      };
      await db.database.db
        .insertInto('subnetpools')
        .values([
          { ...row, id: '00000000-0000-4000-8000-000000000001', shared: 1 },
          { ...row, id: '00000000-0000-4000-8000-000000000002', shared: 0 },
        ] as never)
        .execute();
      await new Migrator(db.database, [{ packageName: 'net-server', migrations: coreMigrations }]).upgrade();
      const entries = await db.database.db.selectFrom('subnetpoolrbacs').select(['project_id', 'object_id', 'target_project', 'action']).execute();
      expect(entries).toEqual([{ project_id: 'owner', object_id: '00000000-0000-4000-8000-000000000001', target_project: '*', action: 'access_as_shared' }]);
      const plugin = new DbBasePlugin({ database: db.database, novaNotifier: null });
      expect((await plugin.getSubnetpools(OTHER)).map((pool) => [pool.id, pool.shared])).toEqual([['00000000-0000-4000-8000-000000000001', true]]);
    } finally {
      await db.drop();
    }
  });

  it('shares a pool with one project, which allocates from it and keeps the entry while it has subnets from it', async () => {
    const db = await migratedDatabase(dialect);
    try {
      const plugin = new DbBasePlugin({ database: db.database, novaNotifier: null });
      const pool = await plugin.createSubnetpool(OWNER, { subnetpool: { name: 'pool', prefixes: ['10.50.0.0/16'], default_prefixlen: 24 } });
      expect(await errorType(plugin.getSubnetpool(TARGET, pool.id))).toBe('SubnetPoolNotFound');
      // Only the owner (or an admin) shares it.
      const request = (target: string) => ({
        rbac_policy: { object_type: 'subnetpool', object_id: pool.id, action: 'access_as_shared', target_tenant: target },
      });
      expect(await errorType(plugin.networkRbac.create(TARGET, request('target')))).toBe('InvalidInput');
      const entry = await plugin.networkRbac.create(OWNER, request('target'));
      expect(entry).toMatchObject({ object_type: 'subnetpool', object_id: pool.id, target_tenant: 'target' });
      expect((await plugin.getSubnetpool(TARGET, pool.id)).shared).toBe(true);
      expect((await plugin.getSubnetpool(OWNER, pool.id)).shared).toBe(false);
      expect(await errorType(plugin.getSubnetpool(OTHER, pool.id))).toBe('SubnetPoolNotFound');
      const network = await plugin.createNetwork(TARGET, { network: { name: 'net' } });
      const subnet = await plugin.createSubnet(TARGET, { subnet: { network_id: network.id, ip_version: 4, subnetpool_id: pool.id } });
      expect(subnet.cidr).toBe('10.50.0.0/24');
      expect(await errorType(plugin.networkRbac.delete(OWNER, String(entry['id'])))).toBe('RbacPolicyInUse');
      await plugin.deleteSubnet(TARGET, subnet.id);
      await plugin.networkRbac.delete(OWNER, String(entry['id']));
      expect(await errorType(plugin.getSubnetpool(TARGET, pool.id))).toBe('SubnetPoolNotFound');
      // A pool created shared is shared with everyone by its entry for '*'.
      const shared = await plugin.createSubnetpool(new Context({ projectId: 'owner', roles: ['admin'] }), {
        subnetpool: { name: 'shared', prefixes: ['10.60.0.0/16'], shared: true },
      });
      expect((await plugin.getSubnetpool(OTHER, shared.id)).shared).toBe(true);
      expect((await plugin.networkRbac.list(OWNER, { filters: { object_id: [shared.id] } })).map((item) => item['target_tenant'])).toEqual(['*']);
    } finally {
      await db.drop();
    }
  });
});
