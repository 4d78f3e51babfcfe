import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './processes.js';
import { LEFTOVER_PREFIX, onDatabaseServer, rabbitmqctl, type ClusterDatabase } from './server-cluster.js';

/** Whether the process `pid` still runs. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The owner pid in a name made of `prefix`, the pid and a separator; undefined for other names. */
function ownerOf(name: string, prefix: string): number | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const pid = Number(/^\d+/.exec(name.slice(prefix.length))?.[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

const orphaned = (name: string, prefix: string): boolean => {
  const owner = ownerOf(name, prefix);
  return owner !== undefined && !alive(owner);
};

/**
 * What a multi-server run killed before its afterAll left behind (its
 * servers, databases, vhosts and temp folder), found by the dead test
 * process's pid in their names and removed; a live run's are left alone.
 */
export async function sweepLeftovers(databases: readonly ClusterDatabase[]): Promise<void> {
  const { stdout } = await run('ps', ['-eo', 'pid=,args='], { cwd: '/', timeoutMs: 10_000 });
  const folder = new RegExp(`/${LEFTOVER_PREFIX.dir}(\\d+)-`);
  for (const line of stdout.split('\n')) {
    const [pid, owner] = [Number(line.trim().split(/\s+/)[0]), Number(folder.exec(line)?.[1])];
    if (Number.isInteger(owner) && owner > 0 && !alive(owner) && pid !== process.pid) process.kill(pid, 'SIGKILL');
  }
  for (const vhost of (await rabbitmqctl('list_vhosts')).split('\n').map((line) => line.trim())) {
    if (orphaned(vhost, LEFTOVER_PREFIX.vhost)) await rabbitmqctl('delete_vhost', vhost);
  }
  for (const database of databases) {
    const listing =
      database === 'mariadb'
        ? `show databases like '${LEFTOVER_PREFIX.database}%'`
        : `select datname from pg_database where datname like '${LEFTOVER_PREFIX.database}%'`;
    for (const name of (await onDatabaseServer(database, listing)).split('\n').map((line) => line.trim())) {
      if (!orphaned(name, LEFTOVER_PREFIX.database)) continue;
      await onDatabaseServer(database, database === 'mariadb' ? `drop database if exists ${name}` : `drop database if exists ${name} with (force)`);
    }
  }
  for (const entry of readdirSync(tmpdir())) {
    if (orphaned(entry, LEFTOVER_PREFIX.dir)) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
}
