import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RpcClient, RpcServer, Target } from '@net-server/rpc';
import { startServer, testTransport, type TestServer } from '@net-server/testkit';
import { sql } from 'kysely';
import { Database } from 'net-server';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const POSTGRES = 'postgresql://postgres@127.0.0.1:5432/postgres';
let server: TestServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('startServer', () => {
  it('serves the API on a temporary SQLite database and removes it on stop', async () => {
    server = await startServer({ root });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const versions = await server.client.get('/');
    expect(versions.status).toBe(200);
    const created = await server.client.post('/networks', { network: { name: 'n1' } });
    expect(created.status).toBe(201);
    expect(existsSync(join(server.dir, 'net-server.sqlite'))).toBe(true);
    const { dir, url } = server;
    await server.stop();
    server = undefined;
    expect(existsSync(dir)).toBe(false);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('loads a plugin given as a module path', async () => {
    server = await startServer({ root, corePlugin: './test/fixtures/path-core-plugin.js:PathCorePlugin' });
    expect(server.manager.corePlugin.constructor.name).toBe('PathCorePlugin');
    expect((await server.client.post('/networks', { network: { name: 'by-path' } })).status).toBe(201);
  });

  it('runs several servers in one process, each with its own plugins, database, bus and discovery', async () => {
    const widgets = join(root, 'test/fixtures/widgets-service');
    const first = await startServer({ root, packages: [widgets], servicePlugins: ['widgets'] });
    let second: TestServer | undefined;
    try {
      second = await startServer({ root, corePlugin: 'ml2', rpc: true, config: { ml2: { type_drivers: ['local'], tenant_network_types: ['local'] } } });
      expect(second.url).not.toBe(first.url);
      expect(second.transportUrl).not.toBe(first.transportUrl);
      expect(second.databaseUrl).not.toBe(first.databaseUrl);
      expect(second.manager).not.toBe(first.manager);
      expect(second.manager.corePlugin).not.toBe(first.manager.corePlugin);
      // The widgets package is linked for the first server only: the second neither loads nor discovers it.
      expect(first.manager.getPlugin('WIDGETS')).toBeDefined();
      expect(second.manager.getPlugin('WIDGETS')).toBeUndefined();
      const aliases = async (server: TestServer): Promise<string[]> =>
        ((await server.client.get('/extensions')).body['extensions'] as { alias: string }[]).map((extension) => extension.alias);
      expect(await aliases(first)).toContain('widgets');
      expect(await aliases(second)).not.toContain('widgets');
      expect(await aliases(second)).toContain('binding');
      expect(await aliases(first)).not.toContain('binding');
      expect((await first.client.post('/widgets', { widget: { name: 'w1' } })).status).toBe(201);
      expect((await second.client.get('/widgets')).status).toBe(404);

      expect((await first.client.post('/networks', { network: { name: 'on-first' } })).status).toBe(201);
      expect((await second.client.post('/networks', { network: { name: 'on-second' } })).status).toBe(201);
      const names = async (server: TestServer): Promise<unknown[]> =>
        ((await server.client.get('/networks')).body['networks'] as { name: unknown }[]).map((network) => network.name);
      expect(await names(first)).toEqual(['on-first']);
      expect(await names(second)).toEqual(['on-second']);

      // An agent on the second server's bus registers there, and the first server's bus has no such listener.
      const report = { agent_type: 'Open vSwitch agent', binary: 'neutron-openvswitch-agent', host: 'compute-2', topic: 'N/A', configurations: {} };
      const onSecond = await testTransport(second.transportUrl);
      const onFirst = await testTransport(first.transportUrl, { responseTimeout: 0.5 });
      try {
        const call = (transport: typeof onFirst) =>
          new RpcClient(transport, new Target({ topic: 'q-reports-plugin', version: '1.2' })).call({}, 'report_state', {
            agent_state: { agent_state: report },
            time: new Date().toISOString(),
          });
        await expect(call(onSecond)).resolves.toBe('new');
        await expect(call(onFirst)).rejects.toThrow(/timed out|Timeout/i);
      } finally {
        await onSecond.cleanup();
        await onFirst.cleanup();
      }

      // Stopping one leaves the other serving.
      await first.stop();
      expect(await names(second)).toEqual(['on-second']);
      expect(((await second.client.get('/agents')).body['agents'] as { host: string }[]).map((agent) => agent.host)).toEqual(['compute-2']);
    } finally {
      await first.stop();
      await second?.stop();
    }
  });

  it('fails clearly for a core plugin that is not installed, and can start again afterwards', async () => {
    await expect(startServer({ root, corePlugin: 'no-such-plugin' })).rejects.toThrow(/no-such-plugin/);
    server = await startServer({ root });
    expect((await server.client.get('/networks')).status).toBe(200);
  });

  it('runs a bare application with nothing but net-server and the given packages installed', async () => {
    // ML2 is installed around this test (a devDependency of the testkit), not in a bare application.
    await expect(startServer({ root, bare: true, corePlugin: 'ml2' })).rejects.toThrow(/cannot load core_plugin = ml2/);
    server = await startServer({ bare: true, packages: [join(root, '../ml2')], corePlugin: 'ml2', config: { ml2: { mechanism_drivers: ['logger'] } } });
    const aliases = ((await server.client.get('/extensions')).body['extensions'] as { alias: string }[]).map((extension) => extension.alias);
    expect(aliases).toContain('binding');
  });

  it('rejects a package path that is not a package', async () => {
    await expect(startServer({ root, packages: [join(root, 'src')] })).rejects.toMatchObject({ code: 'TESTKIT_NOT_A_PACKAGE' });
  });

  it('gives each server a fresh PostgreSQL database and drops it on stop', async () => {
    server = await startServer({ root, postgresUrl: POSTGRES });
    const name = /\/(testkit_[0-9a-f]{12})$/.exec(server.databaseUrl)?.[1];
    expect(name).toBeDefined();
    expect((await server.client.post('/networks', { network: { name: 'pg' } })).status).toBe(201);
    expect((await server.client.get('/networks')).body['networks']).toHaveLength(1);
    await server.stop();
    server = undefined;
    const admin = Database.open(POSTGRES);
    try {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_database WHERE datname = ${name}`.execute(admin.db);
      expect(rows[0]!.n).toBe(0);
    } finally {
      await admin.close();
    }
  });

  it("lets a test act as an agent on the server's RPC transport", async () => {
    server = await startServer({ root, corePlugin: 'ml2', rpc: true, config: { ml2: { type_drivers: ['local'], tenant_network_types: ['local'] } } });
    const agent = await testTransport(server.transportUrl);
    try {
      const client = new RpcClient(agent, new Target({ topic: 'q-reports-plugin', version: '1.2' }));
      const state = { agent_type: 'Open vSwitch agent', binary: 'neutron-openvswitch-agent', host: 'compute-7', topic: 'N/A', configurations: {} };
      await expect(client.call({}, 'report_state', { agent_state: { agent_state: state }, time: new Date().toISOString() })).resolves.toBe('new');
      const agents = (await server.client.get('/agents')).body['agents'] as Record<string, unknown>[];
      expect(agents).toEqual([expect.objectContaining({ host: 'compute-7', agent_type: 'Open vSwitch agent' })]);
    } finally {
      await agent.cleanup();
    }
  });
});

describe('testTransport', () => {
  it('connects clients and servers on one URL, and keeps other URLs apart', async () => {
    const one = await testTransport();
    const other = await testTransport(undefined, { responseTimeout: 0.2 });
    const rpcServer = new RpcServer(one, new Target({ topic: 'echo', server: 'h1' }), [{ echo: (_ctx: unknown, args: { text: string }) => args.text }]);
    await rpcServer.start();
    try {
      await expect(new RpcClient(one, new Target({ topic: 'echo' })).call({}, 'echo', { text: 'hi' })).resolves.toBe('hi');
      await expect(new RpcClient(other, new Target({ topic: 'echo' })).call({}, 'echo', { text: 'hi' })).rejects.toThrow(/timed out|Timeout/i);
    } finally {
      await rpcServer.stop();
      await one.cleanup();
      await other.cleanup();
    }
  });
});
