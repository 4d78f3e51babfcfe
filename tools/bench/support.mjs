// What several benchmarks share: loading the built packages, percentiles,
// a throwaway database and broker vhost of their own, and where the CPU went.
import { execFile } from 'node:child_process';
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

// /proc's clock ticks per second (USER_HZ), 100 on every Linux architecture node runs on.
const TICKS = 100;

/** A /proc file of a process, or undefined once it is gone. */
export function procFile(pid, name) {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** A process's CPU seconds so far, user and system (fields 14 and 15 of /proc/PID/stat), or 0 once it is gone. */
export function processCpuSeconds(pid) {
  const stat = procFile(pid, 'stat');
  if (stat === undefined) return 0;
  // The command name before the fields is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** A process and every process under it, each with its title (command line), from /proc's children lists. */
export function processTree(root) {
  const out = [];
  const visit = (pid) => {
    const title = procFile(pid, 'cmdline');
    if (title === undefined) return; // gone meanwhile
    out.push({ pid: Number(pid), title: title.replaceAll('\0', ' ').trim().slice(0, 80) });
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      return; // gone meanwhile
    }
    for (const task of tasks) {
      for (const child of (procFile(`${pid}/task/${task}`, 'children') ?? '').split(' ').filter(Boolean)) visit(child);
    }
  };
  visit(String(root));
  return out;
}

/**
 * Resident memory in MB of a process and each process under it, with pid and title: RSS, and PSS, the
 * proportional set size, which divides each shared page (node's own code, mostly) among the processes
 * that map it, so that the PSS of a set of processes adds up to the memory they occupy together.
 */
export function residentMemory(root) {
  return processTree(root).flatMap(({ pid, title }) => {
    const status = procFile(pid, 'status');
    const rollup = procFile(pid, 'smaps_rollup') ?? '';
    const kb = (pattern, text) => Number(pattern.exec(text)?.[1] ?? 0) / 1024;
    return status === undefined ? [] : [{ pid, title, rssMb: kb(/VmRSS:\s+(\d+)/, status), pssMb: kb(/^Pss:\s+(\d+)/m, rollup) }];
  });
}

/** The processes whose command name is one of `names`. */
function processesNamed(names) {
  if (names.length === 0) return [];
  return readdirSync('/proc').filter((pid) => /^\d+$/.test(pid) && names.includes(procFile(pid, 'comm')?.trim()));
}

/**
 * CPU seconds used so far by the process tree under `root` (a server and
 * its workers) and by the processes named one of `databaseNames` (the
 * database server's backends: `postgres`, `mariadbd`). Two readings'
 * difference says where a phase's CPU went, beside the benchmark's own
 * `process.cpuUsage()`; other work on the machine is not counted.
 */
export function cpuSeconds(root, databaseNames = []) {
  const sum = (pids) => pids.reduce((total, pid) => total + processCpuSeconds(pid), 0);
  return { server: sum(processTree(root).map((entry) => entry.pid)), database: sum(processesNamed(databaseNames)) };
}
