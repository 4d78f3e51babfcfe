import { Context, silentLogger } from '@net-server/lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import type { Migration, MigrationSet } from '../src/db/migration.js';
import { Migrator } from '../src/db/migrator.js';
import { leaseUpgrades, UPGRADE_LEASE_TABLE } from '../src/db/mysql-upgrade-lock.js';
import { DbBasePlugin } from '../src/db-base-plugin/db-base-plugin.js';
import { coreMigrations } from '../src/db-base-plugin/migrations.js';
import { TransactionRunner } from '../src/db-base-plugin/transaction-runner.js';
import { sql } from '../src/index.js';
import { recordingLogger } from './helpers.js';
import { freePort } from './launcher/server-fixture.js';
import { privateGalera, type PrivateGalera } from './mysql.js';

/*
 * Two servers on two nodes of a real MariaDB Galera cluster (started here,
 * on loopback ports): a node's row locks do not reach the other, so races
 * between them are decided when the second commit fails certification
 * (ER_LOCK_DEADLOCK, "Deadlock: wsrep aborted transaction" or at COMMIT),
 * and net-server runs the loser again, as neutron's retry_db_errors does.
 */

const admin = new Context({ isAdmin: true, projectId: 'galera', requestId: 'req-galera' });

let cluster: PrivateGalera;
const opened: Database[] = [];

beforeAll(async () => {
  const ports = [];
  for (let node = 0; node < 2; node++) ports.push([await freePort(), await freePort(), await freePort(), await freePort()] as const);
  cluster = await privateGalera(ports);
}, 120_000);

afterAll(async () => {
  await Promise.all(opened.splice(0).map((database) => database.close()));
  await cluster?.destroy();
});

function open(node: number, logger = silentLogger): Database {
  const database = Database.open(cluster.urls[node]!, { logger });
  opened.push(database);
  return database;
}

describe('net-server on a two-node Galera cluster', { timeout: 120_000 }, () => {
  it('upgrades once when both nodes are upgraded at the same time (the lease holds across nodes)', async () => {
    const slow = (id: string): Migration => ({
      id,
      after: ['core_0003_mysql_global_locks'],
      async up(db) {
        await sql`select sleep(0.05)`.execute(db);
        await db.schema
          .createTable(`galera_${id}`)
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .execute();
      },
    });
    const sets: MigrationSet[] = [
      { packageName: 'net-server', migrations: coreMigrations },
      { packageName: 'slow', migrations: [slow('s1'), slow('s2'), slow('s3')] },
    ];
    const results = await Promise.all([new Migrator(open(0), sets).upgrade(), new Migrator(open(1), sets).upgrade()]);
    const applied = results.flatMap((result) => result.applied.map((migration) => migration.id)).sort();
    expect(applied).toEqual([...coreMigrations.map((migration) => migration.id), 's1', 's2', 's3'].sort());
    for (const node of [0, 1]) await new Migrator(open(node), sets).assertCurrent();
  });

  it('gives the lease to both nodes in turn when they create its table and row at the same time', async () => {
    const nodes = [open(0), open(1)];
    for (let round = 0; round < 40; round++) {
      await sql`drop table if exists ${sql.table(UPGRADE_LEASE_TABLE)}`.execute(nodes[0]!.db);
      await expect.poll(async () => (await sql`show tables like ${UPGRADE_LEASE_TABLE}`.execute(nodes[1]!.db)).rows.length).toBe(0);
      const holders = await Promise.all(
        nodes.map(async (node) => {
          const lease = await leaseUpgrades(node.db, 60, 20);
          await lease.release();
          return lease.holder;
        }),
      );
      expect(new Set(holders).size).toBe(2);
    }
  });

  it('runs a transaction that failed certification against the other node again, and both commit', async () => {
    const one = open(0);
    const two = open(1);
    await sql`create table certified (id integer primary key, n integer not null) engine = InnoDB`.execute(one.db);
    await sql`insert into certified (id, n) values (1, 0)`.execute(one.db);
    await expect.poll(async () => (await sql`select id from certified`.execute(two.db)).rows.length).toBe(1);
    const { logger, records } = recordingLogger();
    let attempts = 0;
    let arrived = 0;
    let bothUpdated!: () => void;
    const meeting = new Promise<void>((resolve) => (bothUpdated = resolve));
    const increment = (database: Database) =>
      new TransactionRunner(database, logger).write(admin, async (session) => {
        attempts++;
        await sql`update certified set n = n + 1 where id = 1`.execute(session.db);
        // Both nodes hold their own lock on the row before either commits; the second commit loses certification.
        if (++arrived === 2) bothUpdated();
        await meeting;
      });
    await Promise.all([increment(one), increment(two)]);
    expect(attempts).toBe(3);
    expect(records.filter((record) => record['msg'] === 'retrying a database operation that lost a race')).toMatchObject([{ code: 'ER_LOCK_DEADLOCK' }]);
    await expect.poll(async () => (await sql<{ n: number }>`select n from certified`.execute(one.db)).rows).toEqual([{ n: 2 }]);
  });

  it('keeps IPs and MACs unique when servers on both nodes create ports on one subnet at once', async () => {
    const { logger, records } = recordingLogger();
    const servers = [new DbBasePlugin({ database: open(0, logger), logger }), new DbBasePlugin({ database: open(1, logger), logger })];
    const lostRace = () => records.some((record) => record['msg'] === 'retrying a database operation that lost a race');
    // Whether two creates pick one address at the same moment is up to timing: a busy machine can run a whole
    // burst without one lost race, so bursts on fresh subnets go on (at most 6) until one was lost and run again.
    for (let round = 0; round < 6 && !lostRace(); round++) {
      const network = await servers[0]!.createNetwork(admin, { name: `galera-${round}` });
      // 29 pool addresses for 2 x 16 creates: the last few find the pool full.
      const subnet = await servers[0]!.createSubnet(admin, { network_id: network.id, ip_version: 4, cidr: `10.30.${round}.0/27` });
      await expect
        .poll(async () => (await servers[1]!.getSubnets(admin, { filters: { network_id: [network.id] } })).map((found) => found.id))
        .toEqual([subnet.id]);
      const outcomes = await Promise.all(
        servers.flatMap((server) =>
          Array.from({ length: 4 }, async () => {
            const made: { ok: boolean; type?: string; ips?: string[]; mac?: string }[] = [];
            for (let i = 0; i < 4; i++) {
              try {
                const port = await server.createPort(admin, { network_id: network.id });
                made.push({ ok: true, ips: port.fixed_ips.map((ip) => ip.ip_address), mac: port.mac_address });
              } catch (error) {
                made.push({ ok: false, type: (error as { type?: string }).type ?? String(error) });
              }
            }
            return made;
          }),
        ),
      ).then((lists) => lists.flat());
      const created = outcomes.filter((outcome) => outcome.ok);
      expect(outcomes.filter((outcome) => !outcome.ok && outcome.type !== 'IpAddressGenerationFailure')).toEqual([]);
      expect(created.length).toBe(29);
      const ips = created.flatMap((outcome) => outcome.ips!);
      expect(new Set(ips).size).toBe(ips.length);
      expect(new Set(created.map((outcome) => outcome.mac)).size).toBe(created.length);
      // Both servers see the same ports.
      await expect.poll(async () => (await servers[1]!.getPorts(admin, { filters: { network_id: [network.id] } })).length).toBe(29);
    }
    // The races were lost on certification and run again.
    expect(lostRace()).toBe(true);
  });
});
