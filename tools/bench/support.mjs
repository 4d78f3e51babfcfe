// What several benchmarks share: loading the built packages, percentiles,
// a throwaway database and broker vhost of their own, and where the CPU went.
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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

const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** Every process's parent, command name and CPU seconds so far (user + system), from /proc. */
function processTable() {
  const table = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // The command name is in parentheses and may hold spaces; the fields after it start at the state (field 3).
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    table.set(Number(name), {
      ppid: Number(fields[1]),
      comm: stat.slice(stat.indexOf('(') + 1, close),
      cpu: (Number(fields[11]) + Number(fields[12])) / TICKS,
    });
  }
  return table;
}

/**
 * CPU seconds used so far by the process tree under `root` (a server and
 * its workers) and by the processes named one of `databaseNames` (the
 * database server's backends: `postgres`, `mariadbd`). Two readings'
 * difference says where a phase's CPU went, beside the benchmark's own
 * `process.cpuUsage()`; other work on the machine is not counted.
 */
export function cpuSeconds(root, databaseNames = []) {
  const table = processTable();
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, entry] of table) {
      if (!tree.has(pid) && tree.has(entry.ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let server = 0;
  let database = 0;
  for (const [pid, entry] of table) {
    if (tree.has(pid)) server += entry.cpu;
    else if (databaseNames.includes(entry.comm)) database += entry.cpu;
  }
  return { server, database };
}
