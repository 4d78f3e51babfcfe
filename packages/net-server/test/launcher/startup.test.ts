import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from 'net-server';
import { tempDir } from '../helpers.js';
import { installFakePackage } from '../fixtures.js';
import { childrenOf, makeTestApp, networkName, startServer, stopServer, SERVER_WAIT, waitForLog, type RunningTestServer } from './server-fixture.js';

const running: RunningTestServer[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => stopServer(server)));
  for (const server of servers.splice(0)) server.close();
});

function start(app: Awaited<ReturnType<typeof makeTestApp>>): RunningTestServer {
  const server = startServer(app);
  running.push(server);
  return server;
}

function occupy(port: number): Promise<void> {
  const server = createServer();
  servers.push(server);
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
}

// Every process on memory://: these cases need no broker.
const memory = { transport_url: 'memory://' };

describe('net-server start: starting and failing', { timeout: 90_000 }, () => {
  it('explains itself with --help', async () => {
    const out: string[] = [];
    const code = await main(['start', '--help'], { stdout: (text) => out.push(text), stderr: () => {}, env: {}, cwd: tempDir() });
    expect(code).toBe(0);
    expect(out.join('')).toContain('Usage: net-server start [configuration options]');
    expect(out.join('')).toContain('graceful_shutdown_timeout');
  });

  it('refuses a database behind the installed packages and names db upgrade', async () => {
    const app = await makeTestApp(tempDir(), { ...memory, api_workers: 0 });
    installFakePackage(app.root, {
      name: 'test-late-migrations',
      entryPoints: { 'net_server.db.migrations': { late: './migrations.js:migrations' } },
      files: {
        'migrations.js': `export const migrations = [{ id: 'late_0001', async up(db) { await db.schema.createTable('late_things').addColumn('id', 'integer').execute(); } }];`,
      },
    });
    const server = start(app);
    expect((await server.exited).code).toBe(1);
    // The database, where it was configured (file:line) and the exact command that upgrades it.
    const line =
      readFileSync(app.configFile, 'utf8')
        .split('\n')
        .findIndex((text) => text.startsWith('connection')) + 1;
    expect(server.log.join('\n')).toContain(
      `The database sqlite:///${join(app.root, 'db.sqlite')} ([database] connection, from ${app.configFile}:${line}) is behind the installed packages: ` +
        `1 migration(s) pending (test-late-migrations: late_0001). Run \`net-server db upgrade --config-file ${app.configFile}\`, then start again.`,
    );
    expect(childrenOf(server.pid)).toEqual([]);
  });

  it('starts beside a package whose migrations are broken while none of its plugins is configured, and refuses once one is', async () => {
    const app = await makeTestApp(tempDir(), { ...memory, api_workers: 0 });
    installFakePackage(app.root, {
      name: 'test-broken-extras',
      version: '0.9.1',
      entryPoints: {
        'net_server.db.migrations': { extras: './missing.js:migrations' },
        'net_server.service_plugins': { extras: './plugin.js:Extras' },
      },
      files: { 'plugin.js': 'export class Extras {}' },
    });
    const server = start(app);
    await waitForLog(server, 'API listening');
    const warning = server.log.find((line) => line.includes('database migrations of an installed package skipped'));
    expect(warning).toContain('"package":"test-broken-extras"');
    expect(warning).toContain('"version":"0.9.1"');
    await stopServer(server);

    app.writeConfig({ ...memory, api_workers: 0, service_plugins: 'extras' });
    const refused = start(app);
    expect((await refused.exited).code).toBe(1);
    const log = refused.log.join('\n');
    expect(log).toContain('The database migrations of test-broken-extras@0.9.1');
    expect(log).toContain('DB_MIGRATION_UNAVAILABLE');
  });

  it('upgrades the embedded default database itself, so a fresh folder starts', async () => {
    const app = await makeTestApp(tempDir(), { ...memory, api_workers: 0 });
    const state = join(app.root, 'state');
    writeFileSync(
      app.configFile,
      `[DEFAULT]\nbind_host = 127.0.0.1\nbind_port = ${app.port}\ncore_plugin = test_rpc\ntransport_url = memory://\napi_workers = 0\nstate_path = ${state}\n`,
    );
    const server = start(app);
    await waitForLog(server, 'embedded database upgraded');
    await waitForLog(server, 'API listening');
    expect(existsSync(join(state, 'net-server.sqlite'))).toBe(true);
  });

  it.each([
    ['API workers', { api_workers: 2, rpc_workers: 1 }],
    ['the master serving the API', { api_workers: 0, rpc_workers: 1 }],
  ] as const)('stops everything and exits 1 when %s cannot listen', async (_what, counts) => {
    const app = await makeTestApp(tempDir(), { ...memory, ...counts, rpc_state_report_workers: 0 });
    await occupy(app.port);
    const server = start(app);
    expect((await server.exited).code).toBe(1);
    expect(server.log.join('\n')).toContain('EADDRINUSE');
    expect(server.log.join('\n')).not.toContain('net-server ready');
    expect(childrenOf(server.pid)).toEqual([]);
  });

  it('stops the API and exits 1 when the RPC workers cannot start', async () => {
    const app = await makeTestApp(tempDir(), { ...memory, core_plugin: 'test_broken_rpc', api_workers: 1, rpc_workers: 1 });
    const server = start(app);
    expect((await server.exited).code).toBe(1);
    const log = server.log.join('\n');
    expect(log).toContain('The rpc worker could not start: the broker refused the consumer');
    expect(log).toContain('SERVICE_START_FAILED');
  });

  it('restarts a worker that keeps dying no faster than once a second, and keeps serving', async () => {
    const app = await makeTestApp(tempDir(), { ...memory, core_plugin: 'test_crashing_worker', api_workers: 1 });
    const server = start(app);
    await waitForLog(server, 'Forking too fast, sleeping');
    expect(server.log.some((line) => line.includes('memory://, whose bus does not cross processes'))).toBe(true);
    expect(server.log.some((line) => line.includes('"service":"crashing worker"') && line.includes('"status":3'))).toBe(true);
    expect(Number(await vi.waitFor(() => networkName(app.port, 'pid'), SERVER_WAIT))).toBeGreaterThan(0);
    await stopServer(server);
    expect((await server.exited).code).toBe(0);
  });
});
