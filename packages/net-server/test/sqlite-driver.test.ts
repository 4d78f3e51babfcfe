import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { SqliteDriverError } from '../src/db/errors.js';
import { installerOf, resolveSqliteDriver, sqliteDriverNames } from '../src/db/sqlite-driver.js';
import { recordingLogger, suiteTempDir, tempDir } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = resolve(here, '..');
const packagesDir = resolve(packageRoot, '..');
const requireFromPackage = createRequire(join(packageRoot, 'package.json'));

/** The installed package `name` as net-server's own node_modules has it (real path), and the folder its dependencies sit in. */
function installed(name: string): string {
  for (let dir = dirname(realpathSync(requireFromPackage.resolve(name))); dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === name) return dir;
  }
  throw new Error(`${name} is not installed in ${packageRoot}: run pnpm install`);
}

/** A sibling of an installed package in pnpm's layout (its own dependency). */
function dependencyOf(packageDir: string, name: string): string {
  return realpathSync(join(packageDir, '..', name));
}

function link(root: string, name: string, target: string): void {
  const at = join(root, 'node_modules', name);
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(target, at, 'dir');
}

/**
 * better-sqlite3 as pnpm 10 leaves it when its build script is not
 * approved (or as an install whose compile failed): the package without
 * build/, so that `bindings` throws its real multi-line error.
 */
function installUnbuiltBetterSqlite3(root: string): void {
  const real = installed('better-sqlite3');
  const copy = join(root, 'node_modules', 'better-sqlite3');
  mkdirSync(copy, { recursive: true });
  cpSync(join(real, 'package.json'), join(copy, 'package.json'));
  cpSync(join(real, 'lib'), join(copy, 'lib'), { recursive: true });
  link(root, 'bindings', dependencyOf(real, 'bindings'));
}

/** libsql installed with its optional dependencies left out (`npm install --omit=optional`): no @libsql/<platform> binary. */
function installLibsqlWithoutBinary(root: string): void {
  const real = installed('libsql');
  const copy = join(root, 'node_modules', 'libsql');
  mkdirSync(copy, { recursive: true });
  for (const file of ['package.json', 'index.js', 'auth.js', 'sqlite-error.js']) cpSync(join(real, file), join(copy, file));
  for (const dependency of ['@neon-rs/load', 'detect-libc']) link(root, dependency, dependencyOf(real, dependency));
}

function libsqlVersion(): string {
  return (JSON.parse(readFileSync(join(installed('libsql'), 'package.json'), 'utf8')) as { version: string }).version;
}

function oneLine(error: unknown): string {
  expect(error).toBeInstanceOf(SqliteDriverError);
  const message = (error as SqliteDriverError).message;
  expect(message).not.toContain('\n');
  expect((error as SqliteDriverError).code).toBe('DB_SQLITE_DRIVER_UNAVAILABLE');
  return message;
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('resolveSqliteDriver', () => {
  it('takes better-sqlite3 when it is installed and loads, and either driver when asked', () => {
    const auto = resolveSqliteDriver('auto', [packageRoot]);
    expect(auto.driver.name).toBe('better-sqlite3');
    expect(auto.passedOver).toBeUndefined();
    for (const name of sqliteDriverNames) {
      const { driver } = resolveSqliteDriver(name, [packageRoot]);
      expect(driver.name).toBe(name);
      expect(driver.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(driver.sqliteVersion).toMatch(/^3\.\d+\.\d+$/);
    }
  });

  it('gives libsql connections the behaviour the database layer relies on: rows, changes, SQLite error codes, a busy timeout', () => {
    const { driver } = resolveSqliteDriver('libsql', [packageRoot]);
    const path = join(tempDir('ns-libsql-'), 'db.sqlite');
    const first = driver.open(path, 200);
    const second = driver.open(path, 200);
    try {
      first.exec('pragma journal_mode = WAL');
      first.exec('create table t (id integer primary key, name text unique)');
      const insert = first.prepare('insert into t (name) values (?)');
      expect(insert.reader).toBe(false);
      expect(insert.run(['a'])).toMatchObject({ changes: 1, lastInsertRowid: 1 });
      const select = first.prepare('select id, name from t where name = ?');
      expect(select.reader).toBe(true);
      expect(select.all(['a'])).toEqual([{ id: 1, name: 'a' }]);
      expect(thrown(() => insert.run(['a']))).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
      // libSQL aborts the process on a boolean parameter; the adapter throws better-sqlite3's TypeError instead.
      expect(() => select.all([true])).toThrow(TypeError);
      // Another connection's write lock: SQLITE_BUSY once the busy timeout has passed, which the TransactionRunner retries.
      first.exec('begin immediate');
      const started = Date.now();
      expect(thrown(() => second.exec('begin immediate'))).toMatchObject({ code: 'SQLITE_BUSY' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
      first.exec('commit');
    } finally {
      first.close();
      second.close();
    }
  });

  it('names the fix in one line when better-sqlite3 is installed without its native binding', () => {
    const root = tempDir('ns-unbuilt-');
    installUnbuiltBetterSqlite3(root);
    const error = thrown(() => resolveSqliteDriver('better-sqlite3', [root]));
    expect(oneLine(error)).toBe(
      'SQLite cannot be opened: better-sqlite3 is installed but its native binding was never built: run `npm rebuild better-sqlite3`, ' +
        'which compiles SQLite unless a prebuilt binary can be downloaded',
    );
    // The loader's own error, with its list of tried paths, stays available as the cause.
    expect(String((error as Error).cause)).toMatch(/Could not locate the bindings file/);
  });

  it('passes over an unbuilt better-sqlite3 for libsql, saying what would make better-sqlite3 usable', () => {
    const root = tempDir('ns-fallback-');
    installUnbuiltBetterSqlite3(root);
    link(root, 'libsql', installed('libsql'));
    const { driver, passedOver } = resolveSqliteDriver('auto', [root]);
    expect(driver.name).toBe('libsql');
    expect(oneLine(passedOver)).toMatch(/better-sqlite3 is installed but its native binding was never built: run `npm rebuild better-sqlite3`/);
  });

  it('names libsql when an unbuilt better-sqlite3 is all there is', () => {
    const root = tempDir('ns-unbuilt-only-');
    installUnbuiltBetterSqlite3(root);
    expect(oneLine(thrown(() => resolveSqliteDriver('auto', [root])))).toMatch(
      /^SQLite cannot be opened: better-sqlite3 is installed but its native binding was never built, and libsql is not installed: run `npm install libsql@\^\d+\.\d+\.\d+` \(its binaries are npm packages: nothing to compile\), or run `npm rebuild better-sqlite3`/,
    );
  });

  it('names the binary package to install when libsql was installed without its optional dependencies', () => {
    const root = tempDir('ns-libsql-bare-');
    installLibsqlWithoutBinary(root);
    const message = oneLine(thrown(() => resolveSqliteDriver('auto', [root])));
    expect(message).toMatch(
      new RegExp(
        `^SQLite cannot be opened: libsql's binary package (@libsql/[a-z0-9-]+) is not installed \\(optional dependencies were left out\\): run \`npm install \\1@${libsqlVersion().replace(/\./g, '\\.')}\`$`,
      ),
    );
  });

  it('names the package to install when no driver is installed, or the chosen one is missing', () => {
    const empty = tempDir('ns-no-driver-');
    expect(oneLine(thrown(() => resolveSqliteDriver('auto', [empty])))).toMatch(
      /neither libsql nor better-sqlite3 is installed .*: run `npm install libsql@\^\d/,
    );
    expect(oneLine(thrown(() => resolveSqliteDriver('better-sqlite3', [empty])))).toBe(
      'SQLite cannot be opened: [database] sqlite_driver is better-sqlite3, which is not installed: run `npm install better-sqlite3@12`, or set sqlite_driver = auto',
    );
  });

  it('tells npm and pnpm layouts apart, for the command it names', () => {
    expect(installerOf('/app/node_modules/.pnpm/net-server@0.1.0/node_modules/net-server/dist/index.js')).toBe('pnpm');
    expect(installerOf('/app/node_modules/net-server/dist/index.js')).toBe('npm');
  });
});

describe('Database.open on SQLite', () => {
  it('runs on the driver asked for, by option or by NET_SERVER_DATABASE__SQLITE_DRIVER, and refuses an unknown one', async () => {
    const url = `sqlite:///${join(tempDir('ns-open-'), 'db.sqlite')}`;
    const byOption = Database.open(url, { sqliteDriver: 'libsql' });
    expect(byOption.sqliteDriver?.name).toBe('libsql');
    await byOption.close();
    const saved = process.env['NET_SERVER_DATABASE__SQLITE_DRIVER'];
    try {
      process.env['NET_SERVER_DATABASE__SQLITE_DRIVER'] = 'better-sqlite3';
      const byEnv = Database.open(url);
      expect(byEnv.sqliteDriver?.name).toBe('better-sqlite3');
      await byEnv.close();
      process.env['NET_SERVER_DATABASE__SQLITE_DRIVER'] = 'sqlite3';
      expect(oneLine(thrown(() => Database.open(url)))).toMatch(/NET_SERVER_DATABASE__SQLITE_DRIVER is "sqlite3": set it to auto, better-sqlite3 or libsql/);
    } finally {
      if (saved === undefined) delete process.env['NET_SERVER_DATABASE__SQLITE_DRIVER'];
      else process.env['NET_SERVER_DATABASE__SQLITE_DRIVER'] = saved;
    }
  });

  it('warns nothing when the driver it takes is the first choice', async () => {
    const { logger, records } = recordingLogger();
    const database = Database.open(`sqlite:///${join(tempDir('ns-open-'), 'db.sqlite')}`, { logger });
    await database.close();
    expect(records).toEqual([]);
  });
});

describe('net-server start without a loadable SQLite driver', () => {
  let app: string;

  // net-server as npm installs it, from a copy of dist (other builds may replace dist meanwhile), beside an unbuilt better-sqlite3 and no libsql.
  beforeAll(() => {
    app = suiteTempDir('ns-no-sqlite-app-');
    const target = join(app, 'node_modules', 'net-server');
    mkdirSync(target, { recursive: true });
    cpSync(join(packageRoot, 'package.json'), join(target, 'package.json'));
    for (const name of ['entrypoints', 'lib', 'rpc', 'rpc-rabbit']) link(app, `@net-server/${name}`, join(packagesDir, name));
    for (const name of ['kysely', 'pg', 'js-yaml']) link(app, name, installed(name));
    installUnbuiltBetterSqlite3(app);
    for (let attempt = 1; ; attempt++) {
      cpSync(join(packageRoot, 'dist'), join(target, 'dist'), { recursive: true });
      try {
        execFileSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(join(target, 'dist/index.js')).href)})`], {
          stdio: 'ignore',
          cwd: app,
        });
        break;
      } catch (error) {
        if (attempt >= 10) throw new Error(`build first: ${join(packageRoot, 'dist')} is missing or broken (pnpm build)`, { cause: error });
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    }
  }, 120_000);

  it('prints one line that names the command to run, once, and exits 1', async () => {
    const outcome = await promisify(execFile)(
      process.execPath,
      [join(app, 'node_modules/net-server/dist/bin.js'), 'start', '--bind-host', '127.0.0.1', '--bind-port', '0'],
      {
        cwd: app,
        env: { PATH: process.env['PATH'] ?? '', HOME: app, NET_SERVER_ENTRYPOINTS_CACHE: '0' },
        timeout: 60_000,
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? '' }),
    );
    expect(outcome.code).toBe(1);
    const lines = outcome.stderr.split('\n').filter((line) => line.trim() !== '');
    expect(lines).toEqual([
      expect.stringMatching(
        /^net-server start: error: SQLite cannot be opened: better-sqlite3 is installed but its native binding was never built, and libsql is not installed: run `npm install libsql@\^\d+\.\d+\.\d+` .*\[DB_SQLITE_DRIVER_UNAVAILABLE\]$/,
      ),
    ]);
  });
});
