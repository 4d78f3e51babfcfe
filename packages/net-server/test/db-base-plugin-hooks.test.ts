import { sql } from 'kysely';
import type { ResourceDict } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { DbBasePlugin } from '../src/db-base-plugin/db-base-plugin.js';
import { DatabaseRequiredError } from '../src/db-base-plugin/errors.js';
import { admin, alice, bob, dialects, lockWaits, migratedDatabase, type DialectName } from './base-plugin-fixture.js';

/** An extension in the style of an ML2 extension driver: its own table, filled in precommit, shown through extendDicts. */
async function pluginWithColorExtension(dialect: DialectName) {
  const { database, url } = await migratedDatabase(dialect);
  await sql`create table test_network_colors (network_id varchar(36) primary key references networks(id) on delete cascade, color varchar(16) not null)`.execute(
    database.db,
  );
  const plugin = new DbBasePlugin({ database });
  const log: string[] = [];
  plugin.hooks.add('network', {
    async precommitCreate(session, request, network) {
      log.push(`precommit-create ${String(network['name'])}`);
      if (request['color'] === 'forbidden') throw new Error('the mechanism driver refused the network');
      await sql`insert into test_network_colors (network_id, color) values (${network['id']}, ${String(request['color'] ?? 'none')})`.execute(session.db);
    },
    postcommitCreate(_context, network) {
      log.push(`postcommit-create ${String(network['name'])} color=${String(network['color'])}`);
    },
    async precommitUpdate(session, request, original, updated) {
      log.push(`precommit-update ${String(original['name'])}->${String(updated['name'])}`);
      if (typeof request['color'] === 'string') {
        await sql`update test_network_colors set color = ${request['color']} where network_id = ${updated['id']}`.execute(session.db);
      }
    },
    postcommitUpdate(_context, original, updated) {
      log.push(`postcommit-update rev ${String(original['revision_number'])}->${String(updated['revision_number'])}`);
    },
    precommitDelete(_session, network) {
      log.push(`precommit-delete color=${String(network['color'])}`);
    },
    postcommitDelete(_context, network) {
      log.push(`postcommit-delete ${String(network['name'])}`);
    },
    async extendDicts(session, networks: ResourceDict[]) {
      const { rows } = await sql<{ network_id: string; color: string }>`select network_id, color from test_network_colors`.execute(session.db);
      const colors = new Map(rows.map((row) => [row.network_id, row.color]));
      for (const network of networks) network['color'] = colors.get(String(network['id'])) ?? null;
    },
  });
  return { plugin, log, database, url };
}

/** What each driver's unique violation carries. */
const DUPLICATE_KEY_ERROR: Record<DialectName, Record<string, unknown>> = {
  sqlite: { code: 'SQLITE_CONSTRAINT_UNIQUE' },
  postgres: { code: '23505' },
  mysql: { code: 'ER_DUP_ENTRY', errno: 1062, sqlState: '23000' },
};

describe.each(dialects)('DbBasePlugin hooks on %s', (dialect) => {
  it('runs precommit inside the transaction, postcommit after it, and extends every dict', async () => {
    const { plugin, log, url } = await pluginWithColorExtension(dialect);
    let seenByAnotherConnection: boolean | undefined;
    const other = Database.open(url);
    const otherPlugin = new DbBasePlugin({ database: other });
    const remove = plugin.hooks.add('network', {
      async postcommitCreate(_context, network) {
        // Committed: another connection sees it.
        seenByAnotherConnection = (await otherPlugin.getNetworksCount(admin, { id: [String(network['id'])] })) === 1;
      },
    });
    try {
      const red = await plugin.createNetwork(admin, { name: 'red', color: 'red' });
      expect(red['color']).toBe('red');
      expect(seenByAnotherConnection).toBe(true);
    } finally {
      remove();
      await other.close();
    }
    await plugin.createNetwork(admin, { name: 'blue', color: 'blue' });
    expect((await plugin.getNetworks(admin, { filters: { color: ['blue'] } })).map((n) => n.name)).toEqual(['blue']);
    expect((await plugin.getNetworks(admin, { sorts: [{ key: 'color', direction: 'desc' }] })).map((n) => n.name)).toEqual(['red', 'blue']);

    await expect(plugin.createNetwork(admin, { name: 'bad', color: 'forbidden' })).rejects.toThrow('the mechanism driver refused the network');
    expect(await plugin.getNetworksCount(admin, { name: ['bad'] })).toBe(0);

    const [red] = await plugin.getNetworks(admin, { filters: { name: ['red'] } });
    const updated = await plugin.updateNetwork(admin, red!.id, { name: 'crimson', color: 'crimson' });
    expect(updated).toMatchObject({ name: 'crimson', color: 'crimson', revision_number: 1 });
    await plugin.deleteNetwork(admin, red!.id);
    expect(log).toEqual([
      'precommit-create red',
      'postcommit-create red color=red',
      'precommit-create blue',
      'postcommit-create blue color=blue',
      'precommit-create bad',
      'precommit-update red->crimson',
      'postcommit-update rev 0->1',
      'precommit-delete color=crimson',
      'postcommit-delete crimson',
    ]);
  });

  it('lets a precommit hook call the plugin inside the same transaction, and runs bulk postcommits after the one commit', async () => {
    const { database } = await migratedDatabase(dialect);
    const plugin = new DbBasePlugin({ database });
    const network = await plugin.createNetwork(admin, { name: 'n' });
    const events: string[] = [];
    plugin.hooks.add('port', {
      async precommitCreate(session, _request, port) {
        // A nested read joins the transaction: on SQLite a second connection would wait for this one forever.
        const parent = await plugin.getNetwork(session.context, String(port['network_id']));
        const sameTransaction = await plugin.getPortsCount(session.context, { id: [String(port['id'])] });
        events.push(`pre ${parent.name} ${sameTransaction}`);
      },
      postcommitCreate() {
        events.push('post');
      },
    });
    await plugin.createPortBulk(admin, [{ network_id: network.id }, { network_id: network.id }]);
    expect(events).toEqual(['pre n 1', 'pre n 1', 'post', 'post']);
  });

  it('retries the whole operation when it loses a race, running precommit again and postcommit once', async () => {
    const { database } = await migratedDatabase(dialect);
    const plugin = new DbBasePlugin({ database });
    let attempts = 0;
    let postcommits = 0;
    plugin.hooks.add('network', {
      precommitCreate() {
        attempts++;
        if (attempts < 3) throw Object.assign(new Error('duplicate key value violates unique constraint'), DUPLICATE_KEY_ERROR[dialect]);
      },
      postcommitCreate() {
        postcommits++;
      },
    });
    await plugin.createNetwork(admin, { name: 'n' });
    expect({ attempts, postcommits, networks: await plugin.getNetworksCount(admin) }).toEqual({ attempts: 3, postcommits: 1, networks: 1 });
  });

  it('deletes a network’s DHCP ports and subnets through their own hooks before the network’s', async () => {
    const { database } = await migratedDatabase(dialect);
    const plugin = new DbBasePlugin({ database });
    const network = await plugin.createNetwork(admin, { name: 'n' });
    await plugin.createSubnet(admin, { network_id: network.id, ip_version: 4, cidr: '10.0.0.0/24' });
    await plugin.createPort(admin, { network_id: network.id, device_owner: 'network:dhcp' });
    const order: string[] = [];
    plugin.hooks.add('port', { precommitDelete: (_s, port) => void order.push(`port ${String(port['device_owner'])}`) });
    plugin.hooks.add('subnet', { precommitDelete: (_s, subnet) => void order.push(`subnet ${String(subnet['cidr'])}`) });
    plugin.hooks.add('network', {
      precommitDelete: (_s, net) => void order.push(`network subnets=${(net['subnets'] as string[]).length}`),
      postcommitDelete: () => void order.push('network postcommit'),
    });
    await plugin.deleteNetwork(admin, network.id);
    expect(order).toEqual(['port network:dhcp', 'subnet 10.0.0.0/24', 'network subnets=0', 'network postcommit']);
  });

  it('runs beforeDelete before the in-use check, so that it can remove what would keep the network, and undoes it when the delete is refused', async () => {
    const { database } = await migratedDatabase(dialect);
    const plugin = new DbBasePlugin({ database });
    const network = await plugin.createNetwork(admin, { name: 'n' });
    const removable = await plugin.createPort(admin, { network_id: network.id, device_owner: 'test:removable' });
    plugin.hooks.add('network', {
      async beforeDelete(session, net) {
        const ports = await session.db
          .selectFrom('ports')
          .select('id')
          .where('network_id', '=', String(net['id']))
          .where('device_owner', '=', 'test:removable')
          .execute();
        for (const port of ports) await plugin.deletePort(session.context, port.id);
      },
    });
    const kept = await plugin.createPort(admin, { network_id: network.id, device_owner: 'compute:nova' });
    await expect(plugin.deleteNetwork(admin, network.id)).rejects.toMatchObject({ type: 'NetworkInUse' });
    expect((await plugin.getPort(admin, removable.id)).id).toBe(removable.id);
    await plugin.deletePort(admin, kept.id);
    await plugin.deleteNetwork(admin, network.id);
    expect(await plugin.getNetworksCount(admin)).toBe(0);
  });

  it('does not run committed work again when a postcommit step fails, even with a retriable-looking error', async () => {
    const { database } = await migratedDatabase(dialect);
    const plugin = new DbBasePlugin({ database });
    let precommits = 0;
    plugin.hooks.add('network', {
      precommitCreate() {
        precommits++;
      },
      postcommitCreate() {
        throw Object.assign(new Error('the agent notifier hit a duplicate'), { code: '23505' });
      },
    });
    await expect(plugin.createNetwork(admin, { name: 'once' })).rejects.toThrow('the agent notifier hit a duplicate');
    expect({ precommits, networks: await plugin.getNetworksCount(admin) }).toEqual({ precommits: 1, networks: 1 });
  });

  it('widens what other projects see through alsoVisible hooks, each adding its own rows, for gets and lists', async () => {
    const { database } = await migratedDatabase(dialect);
    await sql`create table test_public_networks (network_id varchar(36) primary key references networks(id) on delete cascade)`.execute(database.db);
    const plugin = new DbBasePlugin({ database });
    plugin.hooks.add('network', {
      alsoVisible: (session) => session.db.selectFrom('test_public_networks').select('network_id').$asScalar(),
    });
    const removeNamed = plugin.hooks.add('network', {
      alsoVisible: (session) => session.db.selectFrom('networks').select('id').where('name', '=', 'everyone').$asScalar(),
    });
    const [hidden, listed, everyone] = await Promise.all(['private', 'listed', 'everyone'].map((name) => plugin.createNetwork(alice, { name })));
    await sql`insert into test_public_networks (network_id) values (${listed!.id})`.execute(database.db);
    const visibleToBob = async (): Promise<string[]> => (await plugin.getNetworks(bob)).map((network) => String(network['name'])).sort();

    expect(await visibleToBob()).toEqual(['everyone', 'listed']);
    expect((await plugin.getNetwork(bob, listed!.id))['name']).toBe('listed');
    await expect(plugin.getNetwork(bob, hidden!.id)).rejects.toMatchObject({ type: 'NetworkNotFound' });
    expect(await plugin.getNetworksCount(bob, { name: ['everyone'] })).toBe(1);
    expect(await plugin.getNetworksCount(admin)).toBe(3);
    removeNamed();
    expect(await visibleToBob()).toEqual(['listed']);
    await expect(plugin.getNetwork(bob, everyone!.id)).rejects.toMatchObject({ type: 'NetworkNotFound' });

    // The same for the other core resources: subnets and ports here.
    const subnet = await plugin.createSubnet(alice, { network_id: listed!.id, ip_version: 4, cidr: '10.9.0.0/24' });
    const port = await plugin.createPort(alice, { network_id: listed!.id });
    expect(await plugin.getSubnetsCount(bob)).toBe(0);
    expect(await plugin.getPortsCount(bob)).toBe(0);
    plugin.hooks.add('subnet', { alsoVisible: (session) => session.db.selectFrom('subnets').select('id').where('network_id', '=', listed!.id).$asScalar() });
    plugin.hooks.add('port', { alsoVisible: (session) => session.db.selectFrom('ports').select('id').where('network_id', '=', listed!.id).$asScalar() });
    expect((await plugin.getSubnets(bob)).map((found) => found['id'])).toEqual([subnet.id]);
    expect((await plugin.getPort(bob, port.id))['id']).toBe(port.id);
  });
});

describe('DbBasePlugin without a database', () => {
  it('says how to get one', () => {
    expect(() => new DbBasePlugin({ database: undefined, name: 'net-server:DbBasePlugin' })).toThrow(DatabaseRequiredError);
    expect(() => new DbBasePlugin({ database: undefined })).toThrow(/Set \[database\] connection and run `net-server db upgrade`/);
  });
});

/**
 * Runs `first` through `creator` until its precommit hook for `resource`,
 * holds it there while `second` (through another connection) starts and
 * waits for a lock (bounded polling, no timing assertion), then lets
 * `first` commit. Returns first's result and second's outcome: 'done' or
 * its error type.
 */
async function raceBehindPrecommit<T>(
  creator: DbBasePlugin,
  database: Database,
  resource: 'subnet' | 'port',
  first: () => Promise<T>,
  second: () => Promise<unknown>,
): Promise<{ first: T; second: string | undefined }> {
  let release!: () => void;
  let reached!: () => void;
  const paused = new Promise<void>((resolve) => (release = resolve));
  const inPrecommit = new Promise<void>((resolve) => (reached = resolve));
  const remove = creator.hooks.add(resource, {
    async precommitCreate() {
      reached();
      await paused;
    },
  });
  try {
    const firstDone = first();
    await inPrecommit;
    const secondDone = second().then(
      () => 'done',
      (error: unknown) => (error as { type?: string }).type,
    );
    for (let i = 0; i < 200; i++) {
      if ((await lockWaits(database)) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    release();
    return { first: await firstDone, second: await secondDone };
  } finally {
    remove();
  }
}

describe.each(['postgres', 'mysql'] as const)('DbBasePlugin racing another connection on %s', (dialect) => {
  it('answers SubnetInUse to a subnet delete rather than cascading a new address away', async () => {
    const { database, url } = await migratedDatabase(dialect);
    const other = Database.open(url);
    try {
      const creator = new DbBasePlugin({ database });
      const deleter = new DbBasePlugin({ database: other });
      const network = await creator.createNetwork(admin, { name: 'n' });
      const subnet = await creator.createSubnet(admin, { network_id: network.id, ip_version: 4, cidr: '10.0.0.0/24' });
      const race = await raceBehindPrecommit(
        creator,
        database,
        'port',
        () => creator.createPort(admin, { network_id: network.id }),
        () => deleter.deleteSubnet(admin, subnet.id),
      );
      expect(race.second).toBe('SubnetInUse');
      expect(race.first.fixed_ips).toHaveLength(1);
      expect((await creator.getPort(admin, race.first.id)).fixed_ips).toEqual(race.first.fixed_ips);
    } finally {
      await other.close();
    }
  });

  it('keeps a network shared while another project’s port on it is being created', async () => {
    const { database, url } = await migratedDatabase(dialect);
    const other = Database.open(url);
    try {
      const creator = new DbBasePlugin({ database });
      const owner = new DbBasePlugin({ database: other });
      const network = await creator.createNetwork(admin, { name: 'public', shared: true });
      const race = await raceBehindPrecommit(
        creator,
        database,
        'port',
        () => creator.createPort(bob, { network_id: network.id }),
        () => owner.updateNetwork(admin, network.id, { shared: false }),
      );
      expect(race.second).toBe('InvalidSharedSetting');
      expect((await creator.getNetwork(admin, network.id)).shared).toBe(true);
      expect(race.first.project_id).toBe('project-b');
    } finally {
      await other.close();
    }
  });

  it('refuses the second of two overlapping subnets created at once on different networks', async () => {
    const { database, url } = await migratedDatabase(dialect);
    const other = Database.open(url);
    try {
      const creator = new DbBasePlugin({ database });
      const rival = new DbBasePlugin({ database: other });
      const n1 = await creator.createNetwork(admin, { name: 'n1' });
      const n2 = await creator.createNetwork(admin, { name: 'n2' });
      const race = await raceBehindPrecommit(
        creator,
        database,
        'subnet',
        () => creator.createSubnet(admin, { network_id: n1.id, ip_version: 4, cidr: '10.0.0.0/16' }),
        () => rival.createSubnet(admin, { network_id: n2.id, ip_version: 4, cidr: '10.0.1.0/24' }),
      );
      expect(race.second).toBe('InvalidInput');
      expect((await creator.getSubnets(admin)).map((s) => s.cidr)).toEqual(['10.0.0.0/16']);
    } finally {
      await other.close();
    }
  });
});
