import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidConnectionUrlError } from './errors.js';

/** Where and how to reach a MySQL or MariaDB server (a subset of mysql2's connection options). */
export interface MysqlTarget {
  /** TCP host; absent with `socketPath`. */
  host?: string;
  port?: number;
  /** A unix socket (pymysql's `unix_socket`), used instead of TCP. */
  socketPath?: string;
  user?: string;
  password?: string;
  database: string;
  /** Seconds to wait for a connection to open (pymysql's `connect_timeout`). */
  connectTimeout?: number;
  /** TLS, from pymysql's `ssl_*` parameters: files named by path, read when the database opens. */
  ssl?: { caFile?: string; certFile?: string; keyFile?: string; verifyCert: boolean; verifyIdentity: boolean };
}

export type ConnectionTarget =
  | { dialect: 'sqlite'; /** Absolute file path, or ":memory:". */ path: string }
  | { dialect: 'postgres'; /** A libpq-style URL for node-postgres. */ connectionString: string }
  | { dialect: 'mysql'; mysql: MysqlTarget };

/** SQLAlchemy driver suffixes found in neutron.conf files; all mean PostgreSQL to us. */
const POSTGRES_SCHEMES = /^(postgresql|postgres)(\+[a-z0-9_]+)?$/;
/** `mysql+pymysql` (what neutron.conf files say), `mysql+mysqldb`, `mysql`, `mariadb[+driver]`: all go through mysql2. */
const MYSQL_SCHEMES = /^(mysql|mariadb)(\+[a-z0-9_]+)?$/;

/**
 * Query parameters a neutron.conf MySQL URL carries, as pymysql (and
 * SQLAlchemy) read them. Anything else is refused: pymysql would refuse an
 * unknown keyword too, and silently dropping e.g. a TLS setting would
 * connect less safely than the operator asked.
 */
const MYSQL_PARAMETERS = [
  // The connection's character set. net-server talks utf8mb4 whatever it says (a superset of utf8/utf8mb3, and what its tables use).
  'charset',
  // An SQLAlchemy engine plugin (devstack's `plugin=dbcounter`): Python-side, nothing to do here.
  'plugin',
  'unix_socket',
  'connect_timeout',
  'ssl_ca',
  'ssl_cert',
  'ssl_key',
  'ssl_verify_cert',
  'ssl_verify_identity',
] as const;

/**
 * Parses `[database] connection` with SQLAlchemy's URL conventions:
 * `sqlite:///relative.db` (relative to the working directory),
 * `sqlite:////absolute.db`, `sqlite://` (in memory),
 * `postgresql[+driver]://user:pass@host:port/db?params` and
 * `mysql[+driver]://user:pass@host:port/db?params` (or `mariadb://`).
 */
export function parseConnectionUrl(url: string, cwd: string = process.cwd()): ConnectionTarget {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd < 0) throw new InvalidConnectionUrlError(`${JSON.stringify(maskPassword(url))} is not a URL`);
  const scheme = url.slice(0, schemeEnd).toLowerCase();
  const rest = url.slice(schemeEnd + 3);
  if (scheme === 'sqlite' || scheme.startsWith('sqlite+')) {
    const path = rest.split('?')[0] ?? '';
    if (path === '' || path === '/:memory:') return { dialect: 'sqlite', path: ':memory:' };
    if (!path.startsWith('/')) {
      throw new InvalidConnectionUrlError(`${JSON.stringify(url)} has a host part; SQLite URLs have three slashes`);
    }
    return { dialect: 'sqlite', path: resolve(cwd, path.slice(1)) };
  }
  if (POSTGRES_SCHEMES.test(scheme)) return { dialect: 'postgres', connectionString: postgresConnectionString(url, rest) };
  if (MYSQL_SCHEMES.test(scheme)) return { dialect: 'mysql', mysql: parseMysqlUrl(url, rest) };
  throw new InvalidConnectionUrlError(`has the unsupported scheme ${JSON.stringify(scheme)}`);
}

/** Where libpq (psycopg2) finds the server's socket when a URL names no host: Debian's and Red Hat's builds, then upstream's. */
const LIBPQ_SOCKET_DIRECTORIES = ['/var/run/postgresql', '/tmp'];

/**
 * node-postgres's connection string for a PostgreSQL URL (`rest` is what
 * follows `://`). A URL without a host means a Unix socket, as libpq reads
 * it: in the directory `?host=` names (SQLAlchemy's documented form,
 * `postgresql://user:pass@/dbname?host=/var/run/postgresql`), else in
 * libpq's default one. node-postgres alone would go to localhost over TCP.
 */
function postgresConnectionString(url: string, rest: string): string {
  const connectionString = `postgresql://${rest}`;
  const invalid = (): InvalidConnectionUrlError => new InvalidConnectionUrlError(`${JSON.stringify(maskPassword(url))} is not a valid PostgreSQL URL`);
  const match = SQLALCHEMY_URL.exec(rest);
  if (match === null) throw invalid();
  const [, user, password, ipv6Host, host, port, database, query] = match;
  const hostless = ipv6Host === undefined && !host;
  // node-postgres reads the URL with WHATWG's parser, which refuses credentials without a host: a hostless one is checked with a stand-in.
  const credentials = user === undefined ? '' : `${user}${password === undefined ? '' : `:${password}`}@`;
  const checked = hostless
    ? `postgresql://${credentials}localhost${port ? `:${port}` : ''}/${database ?? ''}${query === undefined ? '' : `?${query}`}`
    : connectionString;
  if (!URL.canParse(checked)) throw invalid();
  if (!hostless || new URLSearchParams(query ?? '').has('host')) return connectionString;
  const socket = `.s.PGSQL.${port || '5432'}`;
  const directory = LIBPQ_SOCKET_DIRECTORIES.find((candidate) => existsSync(join(candidate, socket))) ?? LIBPQ_SOCKET_DIRECTORIES[0]!;
  return `${connectionString}${query === undefined ? '?' : '&'}host=${encodeURIComponent(directory)}`;
}

/**
 * SQLAlchemy's own URL pattern (sqlalchemy.engine.url._parse_url), after
 * the scheme: user, password (up to the first @, so it may hold / and :),
 * an IPv6 host in brackets or another host, port, database, query. The
 * host may be empty, as in `mysql+pymysql://u:p@/neutron?unix_socket=...`,
 * which a WHATWG URL parser refuses.
 */
const SQLALCHEMY_URL = /^(?:([^:/]*)(?::([^@]*))?@)?(?:(?:\[([^/?]+)\]|([^/:?]+))?(?::([^/?]*))?)?(?:\/([^?]*))?(?:\?(.*))?$/s;

function parseMysqlUrl(url: string, rest: string): MysqlTarget {
  const shown = JSON.stringify(maskPassword(url));
  const match = SQLALCHEMY_URL.exec(rest);
  if (match === null) throw new InvalidConnectionUrlError(`${shown} is not a valid MySQL URL`);
  const [, user, password, ipv6Host, host, port, database, query] = match;
  const decode = (part: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new InvalidConnectionUrlError(`${shown} has a malformed %-escape`);
    }
  };
  if (database === undefined || database === '') {
    throw new InvalidConnectionUrlError(`${shown} names no database: end it with /<database>, e.g. mysql+pymysql://neutron:secret@db:3306/neutron`);
  }
  const target: MysqlTarget = { database: decode(database) };
  if (user !== undefined && user !== '') target.user = decode(user);
  if (password !== undefined) target.password = decode(password);
  if (port !== undefined && port !== '') {
    if (!/^\d+$/.test(port) || Number(port) > 65535) throw new InvalidConnectionUrlError(`${shown} has the port ${JSON.stringify(port)}`);
    target.port = Number(port);
  }
  const hostName = ipv6Host ?? host;
  if (hostName !== undefined && hostName !== '') target.host = decode(hostName);
  const ssl: NonNullable<MysqlTarget['ssl']> = { verifyCert: true, verifyIdentity: false };
  let sslAsked = false;
  for (const [name, value] of new URLSearchParams(query ?? '')) {
    if (!(MYSQL_PARAMETERS as readonly string[]).includes(name)) {
      throw new InvalidConnectionUrlError(
        `${shown} has the parameter ${JSON.stringify(name)}, which net-server does not know (it knows ${MYSQL_PARAMETERS.join(', ')})`,
      );
    }
    if (name === 'unix_socket') target.socketPath = value;
    else if (name === 'connect_timeout') target.connectTimeout = positiveNumber(shown, name, value);
    else if (name === 'ssl_ca') [ssl.caFile, sslAsked] = [value, true];
    else if (name === 'ssl_cert') [ssl.certFile, sslAsked] = [value, true];
    else if (name === 'ssl_key') [ssl.keyFile, sslAsked] = [value, true];
    else if (name === 'ssl_verify_cert') [ssl.verifyCert, sslAsked] = [flag(shown, name, value), true];
    else if (name === 'ssl_verify_identity') [ssl.verifyIdentity, sslAsked] = [flag(shown, name, value), true];
  }
  if (sslAsked) target.ssl = ssl;
  // pymysql: a unix_socket wins over the host; no host and no socket means localhost over TCP.
  if (target.socketPath !== undefined) delete target.host;
  else target.host ??= 'localhost';
  return target;
}

function positiveNumber(shown: string, name: string, value: string): number {
  const number = Number(value);
  if (value === '' || !Number.isFinite(number) || number <= 0) throw new InvalidConnectionUrlError(`${shown} has ${name}=${value}: give a number of seconds`);
  return number;
}

function flag(shown: string, name: string, value: string): boolean {
  // pymysql and SQLAlchemy accept these spellings.
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new InvalidConnectionUrlError(`${shown} has ${name}=${value}: give true or false`);
}

/** The URL with its password replaced, safe for logs and error messages. */
export function maskPassword(url: string): string {
  // Up to the first @, as SQLAlchemy reads a password: it may hold / and :.
  return url.replace(/^([a-z0-9+.-]+:\/\/[^:/@]*:)[^@]*@/i, '$1****@');
}
