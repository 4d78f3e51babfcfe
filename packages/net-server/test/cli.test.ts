import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Sqlite from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/cli-io.js';
import { main } from '../src/cli/main.js';
import { assertDatabaseCurrent } from '../src/db/assert-database-current.js';
import { Database } from '../src/db/database.js';
import { installFakePackage, linkWorkspacePackage, makeAppRoot } from './fixtures.js';
import { tempDir } from './helpers.js';
import { createTestDatabase } from './postgres.js';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `net-server` in `cwd`, as a user would. */
async function spawnCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: cwd, NET_SERVER_ENTRYPOINTS_CACHE: '0', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** Runs `main` in-process with captured output. */
async function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), env: { HOME: cwd, ...env }, cwd };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** An app with net-server installed and a plugin package that ships migrations and options. */
function makeApp(): string {
  const root = makeAppRoot(tempDir('net-server-cli-'));
  linkWorkspacePackage(root, 'net-server');
  installFakePackage(root, {
    name: '@acme/widgets',
    version: '2.1.0',
    entryPoints: {
      'net_server.db.migrations': { widgets: './migrations.js:migrations' },
      'net_server.config.opts': { widgets: './opts.js:opts' },
      'net_server.service_plugins': { widgets: './missing.js:Widgets' },
    },
    links: ['@net-server/lib'],
    files: {
      'opts.js':
        "import { intOpt } from '@net-server/lib';\nexport const opts = [{ group: 'widgets', options: [intOpt('size', { help: 'Widget size.', min: 1, default: 3 })] }];",
      'migrations.js': [
        'async function fill(db, id) {',
        "  for (let i = 0; i < 1000; i++) await db.insertInto('widget_log').values({ migration: id, n: i }).execute();",
        '}',
        'export const migrations = [',
        "  { id: 'widgets_0001', async up(db) { await db.schema.createTable('widget_log').addColumn('migration', 'varchar(64)').addColumn('n', 'integer').execute(); } },",
        "  { id: 'widgets_0002', async up(db) { await fill(db, 'widgets_0002'); } },",
        "  { id: 'widgets_0003', async up(db) { await fill(db, 'widgets_0003'); } },",
        '];',
      ].join('\n'),
    },
  });
  return root;
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`build net-server first: ${bin} is missing (cd packages/net-server && npx tsup --config ../../tsup.config.ts)`);
});

describe('net-server CLI', () => {
  it('prints version and help with the documented exit codes', async () => {
    const root = makeApp();
    const manifest = JSON.parse(readFileSync(resolve(dirname(bin), '../package.json'), 'utf8')) as { version: string };
    expect(await spawnCli(['--version'], root)).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
    const help = await spawnCli(['--help'], root);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: net-server <command> \[options\]/);
    expect(help.stdout).toMatch(/db upgrade +Create or upgrade/);
    expect((await spawnCli([], root)).code).toBe(2);
    for (const command of [['plugins'], ['config', 'sample'], ['db', 'upgrade'], ['db', 'current'], ['db', 'import-neutron']]) {
      const out = await runCli([...command, '--help'], root);
      expect(out.code).toBe(0);
      expect(out.stdout).toContain(`Usage: net-server ${command.join(' ')}`);
      expect(out.stdout).toContain('Exit status:');
    }
    expect((await runCli(['db', 'upgrade', '--help'], root)).stdout).toContain('--config-file FILE');
    const group = await runCli(['db'], root);
    expect(group.code).toBe(2);
    expect(group.stdout).toContain('Usage: net-server db <upgrade|current|history|check|import-neutron> [options]');
    const noSource = await runCli(['db', 'import-neutron'], root);
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toContain("--from <neutron's [database] connection URL> is required");
    const unknown = await runCli(['frobnicate'], root);
    expect(unknown).toEqual({
      code: 2,
      stdout: '',
      stderr: 'net-server: unknown command "frobnicate". Run `net-server --help` for the list of commands.\n',
    });
    const badFlag = await runCli(['plugins', '--colour'], root);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toBe('net-server plugins: error: unknown option --colour [CLI_USAGE] Run `net-server plugins --help` for usage.\n');
    const typo = await runCli(['plugins', '--jsn'], root);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      'net-server plugins: error: unknown option --jsn. Did you mean "--json"? [CLI_USAGE] Run `net-server plugins --help` for usage.\n',
    );
  });

  it('lists plugins as JSON with exactly the documented keys', async () => {
    const root = makeApp();
    const out = await spawnCli(['plugins', '--json'], root);
    expect(out.code).toBe(0);
    const records = JSON.parse(out.stdout) as Record<string, unknown>[];
    for (const record of records) {
      const keys = ['namespace', 'name', 'value', 'package', 'version', 'path'];
      expect(Object.keys(record)).toEqual('error' in record ? [...keys, 'error'] : keys);
    }
    const widgets = records.filter((record) => record['package'] === '@acme/widgets');
    expect(widgets.map((record) => record['namespace'])).toEqual(['net_server.config.opts', 'net_server.db.migrations', 'net_server.service_plugins']);
    expect(widgets[0]).toEqual({
      namespace: 'net_server.config.opts',
      name: 'widgets',
      value: './opts.js:opts',
      package: '@acme/widgets',
      version: '2.1.0',
      path: join(root, 'node_modules', '@acme', 'widgets'),
    });
    expect(widgets[2]?.['error']).toMatch(/missing\.js/);
    expect(records).toContainEqual(expect.objectContaining({ namespace: 'net_server.config.opts', name: 'net-server', package: 'net-server' }));

    const one = await runCli(['plugins', 'net_server.db.migrations'], root);
    expect(one.code).toBe(0);
    // Installed workspace packages (net-server's own core migrations, ml2...) are listed too.
    expect(one.stdout.startsWith('net_server.db.migrations\n')).toBe(true);
    expect(one.stdout).toContain(
      `  widgets = ./migrations.js:migrations  [loaded]\n      @acme/widgets@2.1.0 ${join(root, 'node_modules', '@acme', 'widgets')}\n`,
    );
  });

  it('writes a sample with every installed package’s options', async () => {
    const root = makeApp();
    const out = await runCli(['config', 'sample', '--output', 'sample.conf'], root);
    expect(out.code).toBe(0);
    const sample = readFileSync(join(root, 'sample.conf'), 'utf8');
    expect(sample).toContain('[widgets]\n\n#\n# From @acme/widgets\n#\n\n# Widget size. (integer value)\n# Minimum value: 1\n#size = 3\n');
    expect(sample).toContain('#bind_port = 9696');
    expect(sample).toContain('[database]');
    expect((await runCli(['config', 'sample'], root)).stdout).toBe(sample);
  });

  it('upgrades and reports a SQLite database under state_path, idempotently', async () => {
    const root = makeApp();
    const current = await spawnCli(['db', 'current'], root);
    expect(current.code).toBe(0);
    const behind = await spawnCli(['db', 'check'], root);
    expect(behind.code).toBe(3);
    expect(behind.stdout).toMatch(/^Database sqlite:\/\/\/\S+ is behind: \d+ migration\(s\) pending\. Run `net-server db upgrade`\.\n/);
    expect(behind.stdout).toContain('  pending: @acme/widgets: widgets_0003\n');
    expect((await spawnCli(['db', 'history'], root)).stdout).toMatch(/@acme\/widgets: widgets_0001 +pending\n/);
    expect(current.stdout).toContain('@acme/widgets: (none) (0 applied, 3 pending)\n  pending: widgets_0001\n');
    expect(current.stdout).toMatch(/\d+ migration\(s\) pending: run `net-server db upgrade` to apply them\./);
    const upgrade = await spawnCli(['db', 'upgrade'], root);
    expect(upgrade).toMatchObject({ code: 0 });
    expect(upgrade.stdout.split('\n').filter((line) => line.startsWith('Applied @acme/widgets'))).toEqual([
      'Applied @acme/widgets: widgets_0001',
      'Applied @acme/widgets: widgets_0002',
      'Applied @acme/widgets: widgets_0003',
    ]);
    expect(upgrade.stdout).toContain('Applied net-server: core_0001_base_plugin\n');
    expect(upgrade.stdout).toMatch(new RegExp(`Database sqlite:///${root}/\\.net-server/net-server\\.sqlite upgraded: \\d+ migration\\(s\\) applied\\.\\n$`));
    expect((await spawnCli(['db', 'upgrade'], root)).stdout).toContain('is already up to date.');
    expect(await spawnCli(['db', 'check'], root)).toMatchObject({ code: 0, stdout: expect.stringMatching(/ is up to date\.\n$/) });
    const history = (await spawnCli(['db', 'history'], root)).stdout.split('\n');
    // Upgrade's order, each with the time it was applied.
    const widgets = history.filter((line) => line.startsWith('@acme/widgets'));
    expect(widgets.map((line) => line.split(/ +/)[1])).toEqual(['widgets_0001', 'widgets_0002', 'widgets_0003']);
    for (const line of widgets) expect(line).toMatch(/ \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    const after = await spawnCli(['db', 'current'], root);
    expect(after.stdout).toContain('@acme/widgets: widgets_0003 (3 applied, 0 pending)\n');
    expect(after.stdout).toContain('The database is up to date.');
  });

  it('lets two processes upgrade one SQLite file at once, applying each migration once', async () => {
    const root = makeApp();
    const url = `sqlite:///${join(root, 'shared.sqlite')}`;
    const both = await Promise.all([
      spawnCli(['db', 'upgrade', '--database-connection', url], root),
      spawnCli(['db', 'upgrade', `--database-connection=${url}`], root),
    ]);
    expect(both.map((outcome) => outcome.code)).toEqual([0, 0]);
    const applied = both.flatMap((outcome) => outcome.stdout.split('\n').filter((line) => line.startsWith('Applied @acme/widgets')));
    expect(applied.sort()).toEqual(['Applied @acme/widgets: widgets_0001', 'Applied @acme/widgets: widgets_0002', 'Applied @acme/widgets: widgets_0003']);
    const db = new Sqlite(join(root, 'shared.sqlite'), { readonly: true });
    try {
      expect(db.prepare('select migration, count(*) as n from widget_log group by migration order by migration').all()).toEqual([
        { migration: 'widgets_0002', n: 1000 },
        { migration: 'widgets_0003', n: 1000 },
      ]);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('upgrades PostgreSQL given the neutron.conf connection form', async () => {
    const root = makeApp();
    const url = (await createTestDatabase()).replace('postgresql://', 'postgresql+psycopg2://');
    writeFileSync(join(root, 'neutron.conf'), `[DEFAULT]\ncore_plugin = ml2\n\n[database]\nconnection = ${url}\n`);
    const upgrade = await runCli(['db', 'upgrade', '--config-file', 'neutron.conf'], root);
    expect(upgrade.stderr).toBe('');
    expect(upgrade.code).toBe(0);
    expect(upgrade.stdout).toMatch(/upgraded: \d+ migration\(s\) applied\./);
    const current = await runCli(['db', 'current', '--config-file', join(root, 'neutron.conf')], root);
    expect(current.stdout).toContain(`Database: ${url}\n`);
    expect(current.stdout).toContain('@acme/widgets: widgets_0003 (3 applied, 0 pending)');
  });

  it('rejects bad configuration with exit 2, naming file, section, option and type', async () => {
    const root = makeApp();
    writeFileSync(join(root, 'bad.conf'), '[widgets]\nsize = big\n[DEFAULT]\nmystery = 1\n');
    const bad = await spawnCli(['db', 'current', '--config-file', 'bad.conf'], root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      `net-server db current: error: ${join(root, 'bad.conf')}:2: [widgets] size: "big" is not valid; expected an integer >= 1. ` +
        'Correct the value or remove it to use the default. [CONFIG_INVALID_VALUE]',
    );
    writeFileSync(join(root, 'bad.conf'), '[DEFAULT]\nmystery = 1\n[database]\nconnection = oracle://u:p@h/neutron\n');
    const oracle = await runCli(['db', 'current', '--config-file', 'bad.conf'], root);
    expect(oracle.code).toBe(2);
    expect(oracle.stderr).toContain('"msg":"unknown config option ignored"');
    expect(oracle.stderr).toContain('"section":"DEFAULT","option":"mystery"');
    expect(oracle.stderr).toContain('[database] connection has the unsupported scheme "oracle". Use sqlite:///relative/path');
    const missing = await runCli(['db', 'upgrade', '--config-file', 'nope.conf'], root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(root, 'nope.conf')}: file does not exist; fix the --config-file path [CONFIG_FILE_INVALID]`);
    const flag = await runCli(['db', 'upgrade', '--bind-port', 'x'], root);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('command-line option --bind-port: [DEFAULT] bind_port: "x" is not valid');
    const env = await runCli(['db', 'upgrade'], root, { NET_SERVER_WIDGETS__SIZE: '0' });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('environment variable NET_SERVER_WIDGETS__SIZE: [widgets] size: "0" is not valid');
  });

  it('exits 1 when the database cannot be reached', async () => {
    const root = makeApp();
    const out = await runCli(['db', 'current', '--database-connection', 'postgresql://postgres@127.0.0.1:5432/ns_no_such_db_x'], root);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^net-server db current: error: database "ns_no_such_db_x" does not exist/);
  });
});

describe('assertDatabaseCurrent', () => {
  it('skips the broken migrations of a package no configured plugin comes from, and refuses those of one that does', async () => {
    const root = makeApp();
    installFakePackage(root, {
      name: '@acme/lost',
      version: '0.3.0',
      entryPoints: { 'net_server.db.migrations': { lost: './missing.js:migrations' } },
      files: {},
    });
    installFakePackage(root, {
      name: 'gadgets',
      version: '1.4.2',
      entryPoints: {
        'net_server.db.migrations': { gadgets: './migrations.js:migrations' },
        'net_server.service_plugins': { gadgets: './plugin.js:Gadgets' },
      },
      files: { 'migrations.js': "export const migrations = { id: 'gadgets_0001' };", 'plugin.js': 'export class Gadgets {}' },
    });
    const upgrade = await spawnCli(['db', 'upgrade'], root);
    expect(upgrade.code).toBe(0);
    expect(upgrade.stdout).toContain('Applied @acme/widgets: widgets_0003\n');
    for (const [name, version, reason] of [
      ['@acme/lost', '0.3.0', /missing\.js/],
      ['gadgets', '1.4.2', /does not export an array of migrations/],
    ] as const) {
      const warning = upgrade.stderr.split('\n').find((line) => line.includes(`"package":"${name}"`));
      expect(warning).toContain('database migrations of an installed package skipped');
      expect(warning).toContain(`"version":"${version}"`);
      expect(warning).toMatch(reason);
    }

    const refused = await spawnCli(['db', 'upgrade', '--service-plugins', 'gadgets'], root);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The database migrations of gadgets@1.4.2');
    expect(refused.stderr).toContain('which provides a configured plugin, cannot be loaded: the entry point "gadgets" does not export an array of migrations');
    expect(refused.stderr).toContain('DB_MIGRATION_UNAVAILABLE');
  });

  it('checks a configuration without serving: plugins loaded, database reached; a mistyped name is exit 2 with the close one', async () => {
    const root = makeApp();
    installFakePackage(root, {
      name: 'simple-core',
      entryPoints: { 'net_server.core_plugins': { simple: './core.js:Simple' } },
      files: { 'core.js': 'export class Simple {}' },
    });
    writeFileSync(join(root, 'net-server.conf'), '[DEFAULT]\ncore_plugin = simple\n');
    const valid = await spawnCli(['config', 'check'], root);
    expect(valid.stderr).not.toContain('"level":"error"');
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain('The configuration is valid.\n');
    expect(valid.stdout).toContain(`  files read:      ${join(root, 'net-server.conf')}\n`);
    expect(valid.stdout).toContain('  core plugin:     simple (simple-core 1.0.0)\n');
    expect(valid.stdout).toMatch(/  database: +sqlite:\/\/\/\S+, reachable, \d+ migration\(s\) pending: run `net-server db upgrade`\n/);
    writeFileSync(join(root, 'net-server.conf'), '[DEFAULT]\n# the core plugin\ncore_plugin = simpel\n');
    const typo = await spawnCli(['config', 'check'], root);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      `${join(root, 'net-server.conf')}:3: cannot load core_plugin = simpel: no installed package provides "simpel". Did you mean "simple"?`,
    );
    const flag = await spawnCli(['config', 'check', '--core-plugn', 'simple'], root);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('unknown option --core-plugn. Did you mean "--core-plugin"?');
  });

  it('refuses a database behind the installed packages until it is upgraded', async () => {
    const root = makeApp();
    const url = await createTestDatabase();
    const database = Database.open(url);
    try {
      await expect(assertDatabaseCurrent(database, { root })).rejects.toThrow(
        'The database has no net-server tables yet. Run `net-server db upgrade` with the same configuration options, then start again.',
      );
      expect((await runCli(['db', 'upgrade', '--database-connection', url], root)).code).toBe(0);
      await expect(assertDatabaseCurrent(database, { root })).resolves.toBeUndefined();
    } finally {
      await database.close();
    }
  });
});
