import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { attempt, Background, freePort, run } from './processes.js';
import { startRegistry, type Registry } from './registry.js';
import { scaffoldedPluginTarball } from './scaffolded-plugin.js';
import { packageName, publishableWorkspacePackages, publishInstalled, publishPacked, thirdPartyClosure } from './third-party.js';

/*
 * What a user does, end to end: every package (and the example plugins) is
 * published to a registry of the test's own with no uplinks, then an empty folder
 * installs net-server, ML2 and the examples from it with npm, and again with
 * pnpm, runs the server and uses it. Phase durations are printed.
 */
const repo = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const USER_PACKAGES = ['net-server', '@net-server/ml2', '@net-server/l3', 'net-server-mech-example', 'net-server-service-example'];
const timings: Record<string, number> = {};
let work: string;
let registry: Registry | undefined;
let pnpmBin: string;

async function timed<T>(phase: string, action: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await action();
  } finally {
    timings[phase] = Date.now() - started;
  }
}

/** pnpm as `npx --yes pnpm@10.34.9` fetches it, run directly so that the user folder's registry does not need to serve pnpm. */
async function findPnpm(): Promise<string> {
  const { stdout } = await run('npx', ['--yes', '-p', 'pnpm@10.34.9', 'sh', '-c', 'command -v pnpm'], { cwd: work, timeoutMs: 120_000 });
  const bin = realpathSync(stdout.trim());
  if (!existsSync(bin)) throw new Error(`could not locate pnpm 10.34.9 (found "${stdout.trim()}")`);
  return bin;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'net-server-e2e-'));
  const publishable = publishableWorkspacePackages(repo);
  for (const dir of publishable) {
    if (dir.includes('/examples/')) buildIfStale(dir);
    if (!existsSync(join(dir, 'dist/index.js'))) {
      throw new Error(`${dir} is not built: the root test command (pnpm test) builds every package before vitest runs; run pnpm build`);
    }
  }
  pnpmBin = await findPnpm();
  const served = await startRegistry(join(work, 'registry'));
  registry = served;
  // What `pnpm publish -r` sends: the tarballs `pnpm pack` makes (workspace ranges and publishConfig applied).
  const packed = join(work, 'packed');
  await timed('pack workspace packages (pnpm -r pack)', () =>
    run(process.execPath, [pnpmBin, '-r', 'pack', '--pack-destination', packed, '--filter', './packages/**', '--filter', './examples/**'], {
      cwd: repo,
      timeoutMs: 180_000,
    }),
  );
  await timed('publish workspace packages', () => Promise.all(readdirSync(packed).map((file) => publishPacked(join(packed, file), served))));
  const closure = thirdPartyClosure(publishable, new Set(publishable.map(packageName)));
  await timed(`publish ${closure.size} third-party dependencies`, async () => {
    const dirs = [...closure.values()];
    for (let i = 0; i < dirs.length; i += 8) await Promise.all(dirs.slice(i, i + 8).map((dir) => publishInstalled(dir, served)));
  });
}, 420_000);

afterAll(async () => {
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
  for (const installer of ['npm', 'pnpm']) {
    const install = timings[`${installer}: install`];
    const start = timings[`${installer}: start until /v2.0/networks answers`];
    if (install !== undefined && start !== undefined) timings[`${installer}: install + start (the goal: 60 s)`] = install + start;
  }
  console.log(`e2e timings (ms): ${JSON.stringify(timings, null, 2)}`);
});

/** Waits for the API, then uses the core plugin, the example driver (a binding) and the example service plugin. */
async function useServer(installer: string, port: number, server: Background): Promise<void> {
  const api = `http://127.0.0.1:${port}/v2.0`;
  const headers = { 'content-type': 'application/json', 'x-project-id': 'e2e-project', 'x-roles': 'admin,member' };
  const networks = await timed(`${installer}: start until /v2.0/networks answers`, () =>
    vi.waitFor(
      async () => {
        const response = server.running ? await fetch(`${api}/networks`, { headers }).catch(() => undefined) : undefined;
        if (response?.status !== 200) {
          throw new Error(
            `net-server start did not serve ${api}/networks (${server.running ? 'running' : `exited ${String(server.child.exitCode)}`}):\n${server.output}`,
          );
        }
        return (await response.json()) as { networks: unknown[] };
      },
      { timeout: 60_000, interval: 250 },
    ),
  );
  expect(networks.networks).toEqual([]);
  const post = async (path: string, body: unknown): Promise<{ status: number; body: Record<string, Record<string, unknown>> }> => {
    const response = await fetch(`${api}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, Record<string, unknown>> };
  };
  const network = await post('/networks', { network: { name: 'e2e-net' } });
  expect(network.status, `POST /networks: ${JSON.stringify(network.body)}`).toBe(201);
  const networkId = String(network.body['network']!['id']);
  const port1 = await post('/ports', { port: { network_id: networkId, 'binding:host_id': 'compute-1' } });
  expect(port1.status, `POST /ports: ${JSON.stringify(port1.body)}`).toBe(201);
  expect(port1.body['port']).toMatchObject({ 'binding:vif_type': 'example' });
  const label = await post('/network-labels', { network_label: { network_id: networkId, label: 'e2e' } });
  expect(label.status, `POST /network-labels: ${JSON.stringify(label.body)}\n${server.output}`).toBe(201);
  const listed = (await (await fetch(`${api}/networks`, { headers })).json()) as { networks: { id: string }[] };
  expect(listed.networks.map((n) => n.id)).toEqual([networkId]);
  // The L3 router plugin from @net-server/l3.
  const router = await post('/routers', { router: { name: 'e2e-router' } });
  expect(router.status, `POST /routers: ${JSON.stringify(router.body)}\n${server.output}`).toBe(201);
  const routers = (await (await fetch(`${api}/routers`, { headers })).json()) as { routers: { id: string }[] };
  expect(routers.routers.map((r) => r.id)).toEqual([String(router.body['router']!['id'])]);
}

function installedBetterSqlite3(app: string): boolean {
  const pnpmStore = join(app, 'node_modules', '.pnpm');
  return (
    existsSync(join(app, 'node_modules', 'better-sqlite3')) ||
    (existsSync(pnpmStore) && readdirSync(pnpmStore).some((entry) => entry.startsWith('better-sqlite3@')))
  );
}

/**
 * What was reported: better-sqlite3 added with pnpm 10, which does not run
 * its build script unless approved, so it has no binding. Chosen
 * explicitly, start refuses in one line naming the fix; left to `auto`, the
 * server serves on libsql and says once how to make better-sqlite3 usable.
 */
async function unbuiltBetterSqlite3(app: string, env: NodeJS.ProcessEnv, port: number): Promise<void> {
  await timed('pnpm: add better-sqlite3 (its build script not approved)', () =>
    run(process.execPath, [pnpmBin, 'add', '--store-dir', join(work, 'pnpm-store'), 'better-sqlite3'], { cwd: app, env, timeoutMs: 180_000 }),
  );
  expect(installedBetterSqlite3(app)).toBe(true);
  const refused = await timed('pnpm: start refuses sqlite_driver = better-sqlite3 without its binding', () =>
    attempt('npx', ['net-server', 'start', '--config-file', 'net-server.conf'], {
      cwd: app,
      env: { ...env, NET_SERVER_DATABASE__SQLITE_DRIVER: 'better-sqlite3' },
      timeoutMs: 60_000,
    }),
  );
  expect(refused.code, refused.stderr).toBe(1);
  expect(refused.stderr.split('\n').filter((line) => line.trim() !== '')).toEqual([
    'net-server start: error: SQLite cannot be opened: better-sqlite3 is installed but its native binding was never built: ' +
      'run `pnpm approve-builds` and approve better-sqlite3 (pnpm 10 runs no build script unless approved), which compiles SQLite ' +
      'unless a prebuilt binary can be downloaded [DB_SQLITE_DRIVER_UNAVAILABLE]',
  ]);

  const server = new Background('npx', ['net-server', 'start', '--config-file', 'net-server.conf'], { cwd: app, env });
  try {
    await timed('pnpm: start beside an unbuilt better-sqlite3 until /v2.0/networks answers', () =>
      vi.waitFor(
        async () => {
          const headers = { 'x-project-id': 'e2e-project', 'x-roles': 'admin' };
          const response = server.running ? await fetch(`http://127.0.0.1:${port}/v2.0/networks`, { headers }).catch(() => undefined) : undefined;
          if (response?.status !== 200) throw new Error(`net-server start did not serve beside an unbuilt better-sqlite3:\n${server.output}`);
        },
        { timeout: 60_000, interval: 250 },
      ),
    );
  } finally {
    const master = await server.findInGroup('net-server: master');
    await server.stop(30_000, master);
  }
  const warnings = server.output.split('\n').filter((line) => line.includes('better-sqlite3'));
  expect(warnings, server.output).toHaveLength(1);
  expect(warnings[0]).toContain('run `pnpm approve-builds` and approve better-sqlite3');
  expect(warnings[0]).toContain('using libsql meanwhile');
}

const BROKEN_PACKAGE = 'net-server-broken-example';
const THROWING_PACKAGE = 'net-server-throwing-example';

/**
 * Two third-party packages that cannot load, installed beside the good ones:
 * one built for a future major of @net-server/lib, with a plugin and
 * migrations whose files are missing besides; one whose plugin module throws
 * when it is imported.
 */
function writeBrokenPlugins(dir: string): string[] {
  const write = (name: string, manifest: Record<string, unknown>, files: Record<string, string> = {}): string => {
    const root = join(dir, name);
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name, type: 'module', ...manifest }, null, 2));
    for (const [file, text] of Object.entries(files)) writeFileSync(join(root, file), text);
    return root;
  };
  return [
    write(BROKEN_PACKAGE, {
      version: '0.2.0',
      peerDependencies: { '@net-server/lib': '^99.0.0' },
      entryPoints: {
        'net_server.service_plugins': { broken: './missing.js:Broken' },
        'net_server.db.migrations': { broken: './missing-migrations.js:migrations' },
      },
    }),
    write(
      THROWING_PACKAGE,
      { version: '0.1.0', entryPoints: { 'net_server.service_plugins': { throwing: './plugin.js:ThrowingPlugin' } } },
      { 'plugin.js': "throw new Error('the widget SDK is not installed');\n" },
    ),
  ];
}

/**
 * What a newcomer or an operator meets first: a neutron.conf lying where
 * oslo.config would look is not read unless named; mistakes in plugin,
 * driver and flag names exit 2 saying where they were set and the close
 * name; `db upgrade` refuses neutron-server's own database.
 */
async function firstMinutes(app: string, env: NodeJS.ProcessEnv): Promise<void> {
  const neutronConf = ['[DEFAULT]', 'core_plugin = ml3', '[database]', 'connection = postgresql://neutron:secret@127.0.0.1:1/neutron', ''].join('\n');
  mkdirSync(join(String(env['HOME']), '.neutron'));
  writeFileSync(join(String(env['HOME']), '.neutron', 'neutron.conf'), neutronConf);
  writeFileSync(join(app, 'neutron.conf'), neutronConf);
  const netServer = (...args: string[]) => attempt('npx', ['net-server', ...args], { cwd: app, env, timeoutMs: 60_000 });
  const checked = await netServer('config', 'check');
  expect(checked.code, checked.stderr).toBe(0);
  expect(checked.stdout).toContain(`files read:      ${join(realpathSync(app), 'net-server.conf')}\n`);
  expect(checked.stdout).not.toContain('neutron.conf');
  const named = await netServer('config', 'check', '--config-file', 'neutron.conf');
  expect(named.code, named.stderr).toBe(2);
  expect(named.stderr).toContain(
    `${join(realpathSync(app), 'neutron.conf')}:2: cannot load core_plugin = ml3: no installed package provides "ml3". Did you mean "ml2"?`,
  );

  const service = await netServer('start', '--config-file', 'net-server.conf', '--service-plugins', 'network_labels,routr');
  expect(service.code, service.stderr).toBe(2);
  expect(service.stderr).toContain('cannot load service_plugins = routr: no installed package provides "routr". Did you mean "router"?');
  const driver = await netServer('config', 'check', '--ml2-mechanism-drivers', 'exampel');
  expect(driver.code, driver.stderr).toBe(2);
  expect(driver.stderr).toContain('[ml2] mechanism_drivers: The following mechanism drivers were not found: exampel. Did you mean "example"?');
  const flag = await netServer('start', '--api-workrs', '2');
  expect(flag.code, flag.stderr).toBe(2);
  expect(flag.stderr).toContain('unknown option --api-workrs. Did you mean "--api-workers"?');

  // neutron-server's own database, as a controller's neutron.conf names it: refused, nothing written into it.
  const database = `e2e_neutron_${process.pid}_${Date.now()}`;
  const psql = (db: string, sql: string) => run('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', db, '-tAc', sql], { cwd: app, timeoutMs: 30_000 });
  await psql('postgres', `create database ${database}`);
  try {
    await psql(database, "create table alembic_version (version_num varchar(32) primary key); insert into alembic_version values ('I2b0d8f3c1a0e')");
    const upgrade = await netServer('db', 'upgrade', '--database-connection', `postgresql://postgres@127.0.0.1:5432/${database}`);
    expect(upgrade.code, upgrade.stderr).toBe(1);
    expect(upgrade.stderr).toContain(`holds neutron-server's own schema (its alembic_version table)`);
    expect(upgrade.stderr).toContain('[DB_IS_NEUTRONS]');
    expect((await psql(database, "select count(*) from information_schema.tables where table_schema = 'public'")).stdout.trim()).toBe('1');
  } finally {
    await psql('postgres', `drop database if exists ${database} with (force)`);
  }
}

interface PluginReport {
  namespace: string;
  name: string;
  package: string;
  error?: unknown;
}

describe.each(['npm', 'pnpm'] as const)('a user folder installed with %s', (installer) => {
  it('installs net-server with ML2 and the example plugins, lists them, runs the server and stops it', async () => {
    const app = join(work, `cloud-${installer}`);
    mkdirSync(app);
    // No build script is allowed (pnpm 10's default) and no prebuilt binary can be downloaded: nothing net-server needs may depend on either.
    const manifest = { name: 'cloud', version: '1.0.0', private: true };
    writeFileSync(join(app, 'package.json'), JSON.stringify(manifest, null, 2));
    // A user's shell: no NODE_PATH (pnpm's bin shims set one for the workspace, which would show its packages to discovery),
    // no npm_config_* (pnpm sets some npm does not know, and npm warns about each on every command),
    // and the SQLite driver left to net-server (a test run may choose one for the workspace's own tests).
    const { NODE_PATH: _nodePath, NET_SERVER_DATABASE__SQLITE_DRIVER: _sqliteDriver, ...shellEnv } = process.env;
    const userEnv = Object.fromEntries(Object.entries(shellEnv).filter(([name]) => !name.toLowerCase().startsWith('npm_config_')));
    // A home folder of its own: nothing of the real one (a ~/.net-server, a ~/.neutron) is read.
    const home = join(work, `home-${installer}`);
    mkdirSync(home);
    const env = {
      ...userEnv,
      HOME: home,
      npm_config_userconfig: registry!.npmrc,
      npm_config_registry: `${registry!.url}/`,
      npm_config_cache: join(work, `cache-${installer}`),
      NET_SERVER_LOG_LEVEL: 'warn',
    };
    const install =
      installer === 'npm'
        ? () => run('npm', ['install', '--no-audit', '--no-fund', ...USER_PACKAGES], { cwd: app, env, timeoutMs: 180_000 })
        : () => run(process.execPath, [pnpmBin, 'add', '--store-dir', join(work, 'pnpm-store'), ...USER_PACKAGES], { cwd: app, env, timeoutMs: 180_000 });
    await timed(`${installer}: install`, install);
    // The embedded database's driver came as a package (libsql and its per-platform binary), not from a build script.
    expect(existsSync(join(app, 'node_modules', installer === 'pnpm' ? '.pnpm/node_modules/libsql' : 'libsql')), 'libsql is installed').toBe(true);
    expect(installedBetterSqlite3(app), 'better-sqlite3 is not installed').toBe(false);
    // With npm, also a plugin made with `npm create net-server-plugin`, built, packed and installed.
    const scaffolded = installer === 'npm';
    if (scaffolded) {
      const tarball = await timed('npm create net-server-plugin, build, pack', () => scaffoldedPluginTarball(repo, work, env));
      await timed('npm: install the scaffolded plugin', () =>
        run('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: app, env, timeoutMs: 120_000 }),
      );
    }

    // npm links a folder dependency, pnpm copies it in: both show it to discovery.
    const broken = writeBrokenPlugins(join(work, `broken-${installer}`));
    const addBroken =
      installer === 'npm'
        ? () => run('npm', ['install', '--no-audit', '--no-fund', ...broken], { cwd: app, env, timeoutMs: 120_000 })
        : () =>
            run(process.execPath, [pnpmBin, 'add', '--store-dir', join(work, 'pnpm-store'), ...broken.map((dir) => `file:${dir}`)], {
              cwd: app,
              env,
              timeoutMs: 120_000,
            });
    await timed(`${installer}: install broken plugin packages`, addBroken);

    const listed = await timed(`${installer}: net-server plugins`, () => run('npx', ['net-server', 'plugins', '--json'], { cwd: app, env, timeoutMs: 60_000 }));
    const plugins = JSON.parse(listed.stdout) as PluginReport[];
    expect(plugins).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ namespace: 'net_server.ml2.mechanism_drivers', name: 'example', package: 'net-server-mech-example' }),
        expect.objectContaining({ namespace: 'net_server.service_plugins', name: 'network_labels', package: 'net-server-service-example' }),
        expect.objectContaining({ namespace: 'net_server.core_plugins', name: 'ml2', package: '@net-server/ml2' }),
        ...(scaffolded ? [expect.objectContaining({ namespace: 'net_server.ml2.mechanism_drivers', name: 'acme', package: 'net-server-mech-acme' })] : []),
      ]),
    );
    const good = (name: string): boolean => name !== BROKEN_PACKAGE && name !== THROWING_PACKAGE && /example|acme|ml2|l3|net-server$/.test(name);
    expect(plugins.filter((plugin) => plugin.error !== undefined && good(plugin.package))).toEqual([]);
    // The broken package is listed with its reason; nothing configured comes from it, so the server still starts.
    const brokenReports = plugins.filter((plugin) => plugin.package === BROKEN_PACKAGE);
    expect(brokenReports.map((plugin) => plugin.namespace).sort()).toEqual(['net_server.db.migrations', 'net_server.service_plugins']);
    for (const report of brokenReports) expect(String(report.error)).toContain('built for @net-server/lib@^99.0.0 but @net-server/lib@');

    // Naming the plugins in the configuration is all it takes to load them (ML2 refuses to start without a configured driver).
    const port = await freePort();
    writeFileSync(
      join(app, 'net-server.conf'),
      [
        '[DEFAULT]',
        `bind_port = ${port}`,
        'bind_host = 127.0.0.1',
        'service_plugins = network_labels,router',
        '[ml2]',
        'type_drivers = local,vxlan',
        'tenant_network_types = local',
        `mechanism_drivers = ${scaffolded ? 'example,acme' : 'example'}`,
        '[ml2_example]',
        'hosts = compute-1',
        '',
      ].join('\n'),
    );
    const upgraded = await timed(`${installer}: net-server db upgrade`, () =>
      run('npx', ['net-server', 'db', 'upgrade', '--config-file', 'net-server.conf'], { cwd: app, env, timeoutMs: 60_000 }),
    );
    // One log line with both, whichever order the logger writes its fields in.
    expect(upgraded.stderr).toMatch(/^(?=.*database migrations of an installed package skipped)(?=.*"package":"net-server-broken-example").*$/m);

    // Asked for by the configuration, a plugin that cannot load stops start, which names its package, version and reason.
    const refused = async (plugin: string): Promise<string> => {
      const args = ['net-server', 'start', '--config-file', 'net-server.conf', '--service-plugins', `network_labels,router,${plugin}`];
      const outcome = await run('npx', args, { cwd: app, env, timeoutMs: 60_000 }).then(
        (result) => `started: ${result.stdout}${result.stderr}`,
        (error: Error) => error.message,
      );
      expect(outcome).toMatch(/failed \(exit [1-9]/);
      return outcome;
    };
    const importFailure = await timed(`${installer}: start refuses a plugin that throws on import`, () => refused('throwing'));
    expect(importFailure).toContain(`${THROWING_PACKAGE}@0.1.0`);
    expect(importFailure).toContain('the widget SDK is not installed');
    const wrongMajor = await timed(`${installer}: start refuses a plugin built for another major`, () => refused('broken'));
    expect(wrongMajor).toContain(`${BROKEN_PACKAGE}@0.2.0`);
    expect(wrongMajor).toContain('built for @net-server/lib@^99.0.0');

    await timed(`${installer}: the first minutes' mistakes`, () => firstMinutes(app, env));

    // At info level, for the start-up banner.
    const server = new Background('npx', ['net-server', 'start', '--config-file', 'net-server.conf'], {
      cwd: app,
      env: { ...env, NET_SERVER_LOG_LEVEL: 'info' },
    });
    let failure: unknown;
    try {
      await useServer(installer, port, server);
      // The banner: the version, the one file read, the database and the plugins with their packages.
      expect(server.output).toMatch(/net-server \d+\.\d+\.\d+ starting \(Node\.js v\d+/);
      expect(server.output).toContain(`configuration files: ${join(realpathSync(app), 'net-server.conf')}`);
      expect(server.output).toMatch(/database: sqlite:\/\/\/\S+net-server\.sqlite \(libsql /);
      expect(server.output).toMatch(/core plugin: ml2 \(@net-server\/ml2 \d+\.\d+\.\d+\)/);
      expect(server.output).toMatch(/service plugins: .*router \(@net-server\/l3 \d+\.\d+\.\d+; L3_ROUTER_NAT\)/);
    } catch (error) {
      failure = error;
    }
    // SIGTERM to the server's master process, as a service manager sends it; npx exits with its status.
    const master = await server.findInGroup('net-server: master');
    const code = await timed(`${installer}: graceful stop`, () => server.stop(30_000, master));
    if (failure) throw failure;
    // The goal of a user's first install: no compile, no download, serving within a minute.
    const installAndStart = (timings[`${installer}: install`] ?? Infinity) + (timings[`${installer}: start until /v2.0/networks answers`] ?? Infinity);
    expect(installAndStart, `${installer}: install + start took ${installAndStart} ms`).toBeLessThan(60_000);
    expect(master, `no "net-server: master" process:\n${server.output}`).toBeDefined();
    expect(code, server.output).toBe(0);
    expect(readFileSync(join(app, 'package.json'), 'utf8')).toContain('net-server-mech-example');

    if (installer === 'pnpm') await unbuiltBetterSqlite3(app, env, port);
  }, 400_000);
});
