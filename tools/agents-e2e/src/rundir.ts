import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cleanup } from './cleanup.js';
import { destroyNs } from './netns.js';
import { runSync } from './proc.js';

const PREFIX = 'agents-e2e-';

/**
 * The run's temp folder (/tmp/agents-e2e-<pid>-XXXX) and its ledger: the
 * namespaces and the vhost the run made are appended to files in it as
 * soon as they exist, so that the cleanup (and a later run, for a run that
 * was SIGKILLed) knows what to remove.
 */
export class RunDir {
  readonly dir: string;
  readonly logDir: string;

  constructor(
    readonly cleanup: Cleanup,
    options: { logDir?: string } = {},
  ) {
    this.dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
    // mkdtemp makes it 0700: dnsmasq, which drops root for an unprivileged user, could not reach its hosts/opts files below it.
    chmodSync(this.dir, 0o711);
    writeFileSync(join(this.dir, 'owner.pid'), String(process.pid));
    this.logDir = options.logDir ?? join(this.dir, 'logs');
    mkdirSync(this.logDir, { recursive: true });
    // Registered first, so it runs last: after every process and namespace is gone.
    const dir = this.dir;
    cleanup.add(`temp dir ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  }

  /** Remembers namespace `ns` (ours or an agent's) and destroys it (its processes first) at cleanup. */
  ownNamespace(ns: string): void {
    appendFileSync(join(this.dir, 'namespaces'), `${ns}\n`);
    this.cleanup.add(`namespace ${ns}`, () => {
      destroyNs(ns);
    });
  }

  ownVhost(vhost: string): void {
    writeFileSync(join(this.dir, 'vhost'), vhost);
  }
}

/**
 * Removes what earlier runs left when they could not clean up (SIGKILL):
 * every /tmp/agents-e2e-<pid>-* whose owner is dead, with the namespaces
 * (and their processes) and the vhost its ledger names.
 */
export function sweepStaleRuns(): string[] {
  return sweepDeadOwners(PREFIX, (dir) => {
    const namespaces = existsSync(join(dir, 'namespaces')) ? readFileSync(join(dir, 'namespaces'), 'utf8').split('\n').filter(Boolean) : [];
    for (const ns of namespaces.reverse()) destroyNs(ns);
    if (existsSync(join(dir, 'vhost'))) runSync('rabbitmqctl', ['-q', 'delete_vhost', readFileSync(join(dir, 'vhost'), 'utf8').trim()], 60_000);
  });
}

/**
 * For every /tmp/<prefix><pid>-* folder whose owner (its owner.pid) is
 * dead: `sweep` removes what its ledger names, then the folder goes. The
 * folders swept, for the run's log.
 */
export function sweepDeadOwners(prefix: string, sweep: (dir: string) => void): string[] {
  const swept: string[] = [];
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(prefix)) continue;
    const dir = join(tmpdir(), entry);
    const ownerFile = join(dir, 'owner.pid');
    if (!existsSync(ownerFile)) continue;
    const owner = Number(readFileSync(ownerFile, 'utf8'));
    if (owner && existsSync(`/proc/${owner}`)) continue;
    sweep(dir);
    rmSync(dir, { recursive: true, force: true });
    swept.push(dir);
  }
  return swept;
}
