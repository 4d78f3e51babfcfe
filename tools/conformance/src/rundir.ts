import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cleanup } from '../../agents-e2e/src/cleanup.js';
import { destroyNs, killProcessesNaming } from '../../agents-e2e/src/netns.js';
import { runSync } from '../../agents-e2e/src/proc.js';
import { sweepDeadOwners } from '../../agents-e2e/src/rundir.js';
import { dropMariadbDatabaseSync } from './mariadb.js';
import { dropDatabaseSync } from './postgres.js';
import { killGroupSync } from './processes.js';

const PREFIX = 'conformance-';

/** What a run's ledger holds: one file per kind, one value a line. */
type LedgerKind = 'vhosts' | 'databases' | 'mariadb-databases' | 'groups' | 'namespaces';

/**
 * A run's temp folder (/tmp/conformance-<pid>-XXXX) and its ledger: the
 * process groups, RabbitMQ vhosts, PostgreSQL (and MariaDB) databases and network namespaces the run made are
 * appended to files in it as soon as they exist, so that a later run can
 * remove what a SIGKILLed one left (`sweepStaleRuns`). A group is recorded
 * with the text its command line must hold (the run's folder), so that a
 * reused pid is never killed.
 */
export class RunDir {
  readonly dir: string;
  readonly logDir: string;

  constructor(cleanup: Cleanup, options: { logDir?: string } = {}) {
    this.dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
    writeFileSync(join(this.dir, 'owner.pid'), String(process.pid));
    this.logDir = options.logDir ?? join(this.dir, 'logs');
    mkdirSync(this.logDir, { recursive: true });
    // Registered first, so it runs last: after every process is gone.
    const dir = this.dir;
    cleanup.add(`temp dir ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  }

  record(kind: LedgerKind, value: string): void {
    appendFileSync(join(this.dir, kind), `${value}\n`);
  }
}

function ledger(dir: string, kind: LedgerKind): string[] {
  const file = join(dir, kind);
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/**
 * Removes what earlier runs left when they could not clean up (SIGKILL):
 * every /tmp/conformance-<pid>-* whose owner is dead, with the process
 * groups, vhosts, databases and namespaces its ledger names, and the
 * daemons that left their groups but name the folder (the agents' dnsmasq).
 */
export function sweepStaleRuns(): string[] {
  return sweepDeadOwners(PREFIX, (dir) => {
    for (const line of ledger(dir, 'groups')) {
      const [pgid, ...marker] = line.split(' ');
      killGroupSync(Number(pgid), marker.join(' '));
    }
    killProcessesNaming(dir);
    for (const ns of ledger(dir, 'namespaces')) destroyNs(ns);
    for (const vhost of ledger(dir, 'vhosts')) runSync('rabbitmqctl', ['-q', 'delete_vhost', vhost], 60_000);
    for (const database of ledger(dir, 'databases')) dropDatabaseSync(database);
    for (const database of ledger(dir, 'mariadb-databases')) dropMariadbDatabaseSync(database);
  });
}
