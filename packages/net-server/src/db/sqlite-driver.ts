import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { ownPackageManifest } from '../own-package.js';
import { SqliteDriverError } from './errors.js';

/**
 * The SQLite drivers the embedded database can run on. Both are the real
 * SQLite C library with its unix/win32 VFS (POSIX or Windows file locks,
 * WAL and its shared-memory index), so processes on either can share one
 * file:
 *
 * - better-sqlite3: the fastest, but a native addon that its install script
 *   downloads (prebuild-install, from GitHub) or compiles (node-gyp and a
 *   C++ toolchain, minutes); pnpm 10 skips that script unless approved. It
 *   is therefore not a dependency: it is used when the user installs it.
 * - libsql: libSQL (an SQLite fork) whose binaries ship inside per-platform
 *   npm packages (`@libsql/linux-x64-gnu`...), picked by os and cpu like any
 *   optional dependency: no install script, nothing downloaded from
 *   elsewhere, nothing compiled. net-server depends on it optionally, so an
 *   install on a platform it has no binary for still succeeds and says what
 *   to run when the database is opened.
 */
export const sqliteDriverNames = ['better-sqlite3', 'libsql'] as const;
export type SqliteDriverName = (typeof sqliteDriverNames)[number];
/** `auto`: better-sqlite3 when it is installed and loads, otherwise libsql. */
export type SqliteDriverChoice = 'auto' | SqliteDriverName;

/** What the database engine needs of an SQLite connection: Kysely's interface, and exec for pragmas. */
export interface SqliteConnection extends SqliteDatabase {
  exec(sql: string): unknown;
}

export interface SqliteDriver {
  readonly name: SqliteDriverName;
  /** The driver package's version. */
  readonly version: string;
  /** The SQLite library's version, as `select sqlite_version()` reports it. */
  readonly sqliteVersion: string;
  /** Opens a connection that waits up to busyTimeoutMs for another connection's lock. */
  open(path: string, busyTimeoutMs: number): SqliteConnection;
}

export interface ResolvedSqliteDriver {
  driver: SqliteDriver;
  /** `auto` found better-sqlite3 installed but could not load it, and took libsql: why, and the fix. */
  passedOver?: SqliteDriverError;
}

/** Both drivers' constructors take (path, {timeout: milliseconds}). */
type SqliteConstructor = new (path: string, options: { timeout: number }) => SqliteConnection;

interface Located {
  name: SqliteDriverName;
  /** The package directory, real path. */
  dir: string;
  require: NodeJS.Require;
}

/** Which installer laid out the tree net-server runs from: pnpm keeps packages under node_modules/.pnpm. */
export function installerOf(path: string): 'npm' | 'pnpm' {
  return path.includes(`${sep}node_modules${sep}.pnpm${sep}`) ? 'pnpm' : 'npm';
}

function ownInstaller(): 'npm' | 'pnpm' {
  try {
    return installerOf(realpathSync(fileURLToPath(import.meta.url)));
  } catch {
    return 'npm';
  }
}

function addCommand(installer: 'npm' | 'pnpm', spec: string): string {
  return installer === 'pnpm' ? `pnpm add ${spec}` : `npm install ${spec}`;
}

/** The first line of an error, without the list of paths some loaders append. */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = (text.split('\n', 1)[0] ?? '').replace(/\s*Tried:\s*$/, '').trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

function locate(name: SqliteDriverName, from: readonly string[]): Located | undefined {
  for (const dir of from) {
    const require = createRequire(join(dir, 'package.json'));
    let entry: string;
    try {
      // The main entry: libsql's exports map does not export its package.json.
      entry = require.resolve(name);
    } catch {
      continue;
    }
    return { name, dir: packageDir(realpathSync(entry), name), require };
  }
  return undefined;
}

/** The directory of the package `name` that holds `file`. */
function packageDir(file: string, name: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === name) return dir;
    } catch {
      // no package.json here; keep walking up
    }
    if (dirname(dir) === dir) throw new SqliteDriverError(`${file} belongs to no package named ${name}`);
  }
}

function readManifest(dir: string): { version: string; optionalDependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; optionalDependencies?: Record<string, string> };
}

/**
 * libSQL's native bindings panic (abort the process) on a boolean
 * parameter where better-sqlite3 throws a TypeError: the statement refuses
 * booleans first, with better-sqlite3's error, so that the same code fails
 * the same way on either driver instead of killing the server.
 */
function refuseBooleans(parameters: ReadonlyArray<unknown>): void {
  for (const value of parameters) {
    if (typeof value === 'boolean') throw new TypeError('SQLite3 can only bind numbers, strings, bigints, buffers, and null');
  }
}

class LibsqlStatement implements SqliteStatement {
  readonly #statement: SqliteStatement;

  constructor(statement: SqliteStatement) {
    this.#statement = statement;
  }

  get reader(): boolean {
    return this.#statement.reader;
  }

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    refuseBooleans(parameters);
    return this.#statement.all(parameters);
  }

  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
    refuseBooleans(parameters);
    return this.#statement.run(parameters);
  }

  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    refuseBooleans(parameters);
    return this.#statement.iterate(parameters);
  }
}

class LibsqlConnection implements SqliteConnection {
  readonly #connection: SqliteConnection;

  constructor(connection: SqliteConnection) {
    this.#connection = connection;
  }

  prepare(sql: string): SqliteStatement {
    return new LibsqlStatement(this.#connection.prepare(sql));
  }

  exec(sql: string): unknown {
    return this.#connection.exec(sql);
  }

  close(): void {
    this.#connection.close();
  }
}

/** Loads the package and opens an in-memory database with it: a native addon that cannot load fails here, not at the first query. */
function load(located: Located): SqliteDriver {
  const constructor = located.require(located.name) as SqliteConstructor;
  const open =
    located.name === 'libsql'
      ? (path: string, busyTimeoutMs: number): SqliteConnection => new LibsqlConnection(new constructor(path, { timeout: busyTimeoutMs }))
      : (path: string, busyTimeoutMs: number): SqliteConnection => new constructor(path, { timeout: busyTimeoutMs });
  const probe = open(':memory:', 0);
  try {
    const [row] = probe.prepare('select sqlite_version() as version').all([]) as { version: string }[];
    return { name: located.name, version: readManifest(located.dir).version, sqliteVersion: row?.version ?? 'unknown', open };
  } finally {
    probe.close();
  }
}

/** Why an installed driver does not load, what to run about it, and the loader's own error. */
interface LoadFailure {
  problem: string;
  fix: string;
  cause: unknown;
}

/** The one-line explanation, and the command, for a driver that is installed but does not load. */
function loadFailure(located: Located, cause: unknown, installer: 'npm' | 'pnpm'): LoadFailure {
  const reason = firstLine(cause);
  if (located.name === 'better-sqlite3') {
    const fix =
      installer === 'pnpm'
        ? 'run `pnpm approve-builds` and approve better-sqlite3 (pnpm 10 runs no build script unless approved)'
        : 'run `npm rebuild better-sqlite3`';
    const what = /bindings file/.test(reason)
      ? 'its native binding was never built'
      : /NODE_MODULE_VERSION/.test(reason)
        ? `its native binding was built for another Node.js version than ${process.version}`
        : `its native binding does not load (${reason})`;
    return { problem: `better-sqlite3 is installed but ${what}`, fix: `${fix}, which compiles SQLite unless a prebuilt binary can be downloaded`, cause };
  }
  // libsql finds its binary as the package @libsql/<platform>, which npm and pnpm skip on platforms it does not list.
  const missing = /Cannot find module '(@libsql\/[a-z0-9-]+)'/.exec(reason)?.[1];
  const libsql = readManifest(located.dir);
  if (missing !== undefined && libsql.optionalDependencies?.[missing] !== undefined) {
    return {
      problem: `libsql's binary package ${missing} is not installed (optional dependencies were left out)`,
      fix: `run \`${addCommand(installer, `${missing}@${libsql.version}`)}\``,
      cause,
    };
  }
  return {
    problem: missing === undefined ? `libsql does not load (${reason})` : `libsql has no binary for ${process.platform}-${process.arch}`,
    fix: `run \`${addCommand(installer, 'better-sqlite3@12')}\`, which compiles SQLite with a C++ toolchain unless a prebuilt binary can be downloaded`,
    cause,
  };
}

function failureError(failure: LoadFailure): SqliteDriverError {
  return new SqliteDriverError(`${failure.problem}: ${failure.fix}`, { cause: failure.cause });
}

/** The libsql that net-server's own manifest asks for, as an install spec. */
function libsqlSpec(): string {
  const range = ownPackageManifest().optionalDependencies?.['libsql'];
  return range === undefined ? 'libsql' : `libsql@${range}`;
}

/**
 * Finds and loads the SQLite driver `choice` asks for, from the first of
 * the `from` directories whose node_modules holds it. Throws a
 * SqliteDriverError, whose message is one line ending in the command that
 * fixes it, when no driver loads.
 */
export function resolveSqliteDriver(choice: SqliteDriverChoice, from: readonly string[]): ResolvedSqliteDriver {
  const installer = ownInstaller();
  const attempt = (name: SqliteDriverName): { driver?: SqliteDriver; failure?: LoadFailure } => {
    const located = locate(name, from);
    if (!located) return {};
    try {
      return { driver: load(located) };
    } catch (error) {
      return { failure: loadFailure(located, error, installer) };
    }
  };
  const installLibsql = `run \`${addCommand(installer, libsqlSpec())}\` (its binaries are npm packages: nothing to compile)`;
  if (choice !== 'auto') {
    const { driver, failure } = attempt(choice);
    if (driver) return { driver };
    if (failure) throw failureError(failure);
    const install = choice === 'libsql' ? installLibsql : `run \`${addCommand(installer, 'better-sqlite3@12')}\``;
    throw new SqliteDriverError(`[database] sqlite_driver is ${choice}, which is not installed: ${install}, or set sqlite_driver = auto`);
  }
  const better = attempt('better-sqlite3');
  if (better.driver) return { driver: better.driver };
  const libsql = attempt('libsql');
  if (libsql.driver) return better.failure ? { driver: libsql.driver, passedOver: failureError(better.failure) } : { driver: libsql.driver };
  // An installed libsql that does not load knows its own fix; without libsql, installing it never needs a compiler.
  if (libsql.failure) throw failureError(libsql.failure);
  if (better.failure) {
    throw new SqliteDriverError(`${better.failure.problem}, and libsql is not installed: ${installLibsql}, or ${better.failure.fix}`, {
      cause: better.failure.cause,
    });
  }
  throw new SqliteDriverError(
    `neither libsql nor better-sqlite3 is installed (optional dependencies were left out, or this platform has no libsql binary): ${installLibsql}`,
  );
}

const cache = new Map<string, ResolvedSqliteDriver>();

/**
 * resolveSqliteDriver from net-server's own node_modules, then `cwd`'s; once
 * per process, choice and cwd (loading probes the native addon). Failures
 * are not kept: a driver installed meanwhile is found by the next open.
 */
export function sqliteDriver(choice: SqliteDriverChoice, cwd: string = process.cwd()): ResolvedSqliteDriver {
  const key = `${choice}\0${cwd}`;
  let resolved = cache.get(key);
  if (!resolved) {
    resolved = resolveSqliteDriver(choice, [dirname(fileURLToPath(import.meta.url)), cwd]);
    cache.set(key, resolved);
  }
  return resolved;
}
