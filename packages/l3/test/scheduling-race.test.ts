import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, getAdminContext, silentLogger } from '@net-server/lib';
import { coreMigrations, Database, loadConfig, Migrator, NeutronManager, sql } from 'net-server';
import { migrations as ml2Migrations, ml2View, type Ml2Plugin } from '@net-server/ml2';
import { migrations, type L3RouterPlugin } from '@net-server/l3';
import { buildIfStale } from '@net-server/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../net-server/test/postgres.js';
import { packageDir } from './helpers.js';

const admin = getAdminContext();
const l3Agent = (host: string) => ({
  agent_type: constants.AGENT_TYPE_L3,
  binary: constants.AGENT_PROCESS_L3,
  host,
  topic: 'l3_agent',
  configurations: { agent_mode: 'legacy' },
});
const opened: Database[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder for the configuration whose node_modules has ML2 beside this package (built), which the servers load through their entry points. */
function application(): string {
  buildIfStale(packageDir);
  const dir = mkdtempSync(join(tmpdir(), 'l3-race-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'node_modules', '@net-server'), { recursive: true });
  symlinkSync(join(packageDir, '../ml2'), join(dir, 'node_modules', '@net-server', 'ml2'), 'dir');
  return dir;
}

/** One server's plugins (ML2 and the router plugin, as `net-server start` loads them) on the PostgreSQL database at `url`. */
async function server(url: string, dir: string): Promise<{ l3: L3RouterPlugin; core: Ml2Plugin; database: Database }> {
  const conf = join(dir, 'net-server.conf');
  writeFileSync(
    conf,
    [
      '[DEFAULT]',
      'core_plugin = ml2',
      'service_plugins = router',
      'router_scheduler_driver = chance',
      'allow_automatic_l3agent_failover = true',
      '[ml2]',
      'type_drivers = vxlan',
      'tenant_network_types = vxlan',
      'mechanism_drivers = openvswitch',
      '[ml2_type_vxlan]',
      'vni_ranges = 1:100',
    ].join('\n'),
  );
  const plugins = { root: packageDir, paths: [join(dir, 'node_modules')] };
  const config = await loadConfig({ configFiles: [conf], plugins, env: {} });
  const database = Database.open(url);
  const manager = await NeutronManager.load({ config, database, logger: silentLogger, plugins });
  opened.push(database);
  return { l3: manager.getPluginForResource('routers') as L3RouterPlugin, core: manager.corePlugin as Ml2Plugin, database };
}

async function bindings(database: Database): Promise<Map<string, string[]>> {
  const { rows } = await sql<{
    router_id: string;
    host: string;
  }>`select b.router_id, a.host from routerl3agentbindings b join ml2_agents a on a.id = b.l3_agent_id`.execute(database.db);
  const byRouter = new Map<string, string[]>();
  for (const row of rows) byRouter.set(row.router_id, [...(byRouter.get(row.router_id) ?? []), row.host].sort());
  return byRouter;
}

/*
 * Two servers on one PostgreSQL database (READ COMMITTED: neither sees the
 * other's uncommitted binding) scheduling the same routers at once, as
 * tools/e2e's multi-server test found them binding one router to two agents.
 */
describe('routers scheduled by several servers at once (PostgreSQL)', () => {
  it('binds each router to one agent when both servers schedule it and both agents auto-schedule at once', async () => {
    const dir = application();
    const url = await createTestDatabase();
    const migrator = Database.open(url);
    await new Migrator(migrator, [
      { packageName: 'net-server', migrations: coreMigrations },
      { packageName: '@net-server/ml2', migrations: ml2Migrations },
      { packageName: '@net-server/l3', migrations },
    ]).upgrade();
    await migrator.close();
    const one = await server(url, dir);
    const two = await server(url, dir);
    // Made before any agent reports, so that none is bound.
    const routers: string[] = [];
    for (let index = 0; index < 8; index++) routers.push(String((await one.l3.createRouter(admin, { name: `r${index}` }))['id']));
    for (const host of ['l3-a', 'l3-b']) await one.core.agentsDb.createOrUpdate(ml2View(one.database.db), l3Agent(host));

    await Promise.all([
      ...routers.flatMap((id) => [one.l3.scheduling!.schedule([id]), two.l3.scheduling!.schedule([id])]),
      one.l3.scheduling!.autoSchedule('l3-a'),
      two.l3.scheduling!.autoSchedule('l3-b'),
    ]);
    const bound = await bindings(one.database);
    expect(routers.map((id) => bound.get(id)?.length)).toEqual(routers.map(() => 1));

    // The agent hosting more routers stops reporting: both servers' failover passes run at once, and each of its routers moves once.
    const onA = routers.filter((id) => bound.get(id)?.[0] === 'l3-a');
    const [dies, lives] = onA.length * 2 >= routers.length ? ['l3-a', 'l3-b'] : ['l3-b', 'l3-a'];
    const dying = routers.filter((id) => bound.get(id)?.[0] === dies);
    await one.database.db.updateTable('ml2_agents').set({ heartbeat_timestamp: '2000-01-01 00:00:00' }).where('host', '=', dies).execute();
    const moved = await Promise.all([one.l3.scheduling!.rescheduleFromDownAgents(75), two.l3.scheduling!.rescheduleFromDownAgents(75)]);
    expect(
      moved
        .flat()
        .map((router) => router.routerId)
        .sort(),
    ).toEqual([...dying].sort());
    expect(moved.flat().every((router) => router.fromHost === dies && router.toHost === lives)).toBe(true);
    const after = await bindings(one.database);
    expect(routers.map((id) => after.get(id))).toEqual(routers.map(() => [lives]));
  }, 120_000);
});
