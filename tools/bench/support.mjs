// What several benchmarks share: loading the built packages, percentiles,
// and a throwaway database and broker vhost of their own.
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

/** A workspace package's built entry (`pnpm build` first). */
export const loadPackage = (dir) => import(pathToFileURL(join(repoRoot, 'packages', dir, 'dist/index.js')).href);

export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

/**
 * A database (SQLite file in `dir`, or a new PostgreSQL database on
 * `postgres`, a server URL without database) and a RabbitMQ vhost named
 * after `tag`; `remove()` drops both.
 */
export async function benchResources(tag, dir, postgres) {
  const pgName = postgres ? tag.replaceAll('-', '_') : undefined;
  if (pgName) await run('psql', [`${postgres}/postgres`, '-qc', `create database ${pgName}`]);
  await run('rabbitmqctl', ['-q', 'add_vhost', tag]);
  await run('rabbitmqctl', ['-q', 'set_permissions', '-p', tag, 'guest', '.*', '.*', '.*']);
  return {
    dbUrl: pgName ? `${postgres}/${pgName}` : `sqlite:///${join(dir, 'bench.sqlite')}`,
    transportUrl: `rabbit://guest:guest@127.0.0.1:5672/${tag}`,
    /**
     * ANALYZE the PostgreSQL database, as a default PostgreSQL's autovacuum
     * does once a tenth of a table has changed, and say whether autovacuum is
     * on. Reads made right after a bulk build, or on a server that runs
     * without autovacuum (this machine's CI configuration), would otherwise
     * be planned on guesses: whole-table scans for a page's `port_id in (...)`.
     */
    async analyze() {
      if (!pgName) return undefined;
      const { stdout } = await run('psql', [`${postgres}/${pgName}`, '-qAtc', 'show autovacuum']);
      await run('psql', [`${postgres}/${pgName}`, '-qc', 'analyze']);
      return stdout.trim();
    },
    async remove() {
      await run('rabbitmqctl', ['-q', 'delete_vhost', tag]).catch(() => undefined);
      if (pgName) await run('psql', [`${postgres}/postgres`, '-qc', `drop database if exists ${pgName} with (force)`]).catch(() => undefined);
    },
  };
}
