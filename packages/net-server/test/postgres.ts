import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach } from 'vitest';

const execFileAsync = promisify(execFile);
const ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const created: string[] = [];

/** Runs `fn` on a connection of its own to `url`, closed afterwards. */
export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  return withPgClient(ADMIN_URL, fn);
}

/** A fresh, uniquely named PostgreSQL database, dropped after the test. */
export async function createTestDatabase(): Promise<string> {
  const name = `ns_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`create database ${name}`));
  created.push(name);
  return `postgresql://postgres@127.0.0.1:5432/${name}`;
}

afterEach(async () => {
  for (const name of created.splice(0)) {
    await admin((client) => client.query(`drop database if exists ${name} with (force)`));
  }
});

/**
 * Terminates the backends connected to the database of `url` (those whose
 * active query contains `queryMarker`, when given) as an admin would with
 * pg_terminate_backend; resolves with how many there were.
 */
export async function terminateBackends(url: string, queryMarker?: string): Promise<number> {
  const database = new URL(url).pathname.slice(1);
  const { rows } = await admin((client) =>
    client.query<{ pid: number }>(
      `select pg_terminate_backend(pid) as done, pid from pg_stat_activity
        where datname = $1 and pid <> pg_backend_pid() and ($2::text is null or (state = 'active' and query like '%' || $2 || '%' and query not like '%pg_stat_activity%'))`,
      [database, queryMarker ?? null],
    ),
  );
  return rows.length;
}

export interface PrivateCluster {
  /** A database URL on the cluster, for the `postgres` superuser (trust). */
  readonly url: string;
  /** `pg_ctl restart -m fast`: every connection is terminated (57P01) and the server is down for a moment. */
  restart(): Promise<void>;
  /** Stops the cluster and removes its files. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL cluster of the test's own (initdb on a free port, run as the
 * `postgres` user), so that a test may restart or stop the server without
 * touching the machine's shared one.
 */
export async function privateCluster(port: number): Promise<PrivateCluster> {
  const bin = join('/usr/lib/postgresql', readdirSync('/usr/lib/postgresql').sort().at(-1)!, 'bin');
  const dir = mkdtempSync(join(tmpdir(), 'net-server-pg-'));
  chownSync(dir, Number(run('id', ['-u', 'postgres'])), Number(run('id', ['-g', 'postgres'])));
  const data = join(dir, 'data');
  const asPostgres = (tool: string, args: string[]): Promise<unknown> =>
    execFileAsync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { cwd: dir, timeout: 60_000 });
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  await asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  const stop = (): Promise<unknown> => asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    restart: async () => {
      // With its own log file: the new postmaster would otherwise hold our output pipe open forever.
      await asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-m', 'fast', '-w', 'restart']);
    },
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8' }).trim();
}
