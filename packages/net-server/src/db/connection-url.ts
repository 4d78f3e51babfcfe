import { resolve } from 'node:path';
import { InvalidConnectionUrlError } from './errors.js';

export type ConnectionTarget =
  | { dialect: 'sqlite'; /** Absolute file path, or ":memory:". */ path: string }
  | { dialect: 'postgres'; /** A libpq-style URL for node-postgres. */ connectionString: string };

/** SQLAlchemy driver suffixes found in neutron.conf files; all mean PostgreSQL to us. */
const POSTGRES_SCHEMES = /^(postgresql|postgres)(\+[a-z0-9_]+)?$/;

/**
 * Parses `[database] connection` with SQLAlchemy's URL conventions:
 * `sqlite:///relative.db` (relative to the working directory),
 * `sqlite:////absolute.db`, `sqlite://` (in memory), and
 * `postgresql[+driver]://user:pass@host:port/db?params`.
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
  if (POSTGRES_SCHEMES.test(scheme)) {
    const connectionString = `postgresql://${rest}`;
    if (!URL.canParse(connectionString)) {
      throw new InvalidConnectionUrlError(`${JSON.stringify(maskPassword(url))} is not a valid PostgreSQL URL`);
    }
    return { dialect: 'postgres', connectionString };
  }
  if (scheme.startsWith('mysql')) {
    throw new InvalidConnectionUrlError(`uses MySQL, which net-server does not support`);
  }
  throw new InvalidConnectionUrlError(`has the unsupported scheme ${JSON.stringify(scheme)}`);
}

/** The URL with its password replaced, safe for logs and error messages. */
export function maskPassword(url: string): string {
  return url.replace(/^([a-z0-9+.-]+:\/\/[^:/@]*:)[^@/]*@/i, '$1****@');
}
