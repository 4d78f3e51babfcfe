import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { sleep } from '../../agents-e2e/src/proc.js';

/*
 * Process groups addressed by id, for the processes the harness starts
 * detached (Keystone's uwsgi, net-server): a Keystone kept with --keep is
 * stopped by a later run that did not start it and has only its id. A group
 * is only signalled when one of its processes' command lines holds the
 * marker it was started with (a path of its run), so that an id the kernel
 * gave to someone else since is left alone.
 */

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}

/** The ids of the live processes of group `pgid` (zombies excluded). */
function members(pgid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') found.push(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return found;
}

/** Whether group `pgid` has a live process whose command line holds `marker`. */
export function groupAlive(pgid: number, marker: string): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1 || !existsSync('/proc')) return false;
  return members(pgid).some((pid) => commandLine(pid)?.includes(marker));
}

function signal(pgid: number, name: NodeJS.Signals): void {
  try {
    process.kill(-pgid, name);
  } catch {
    // gone already
  }
}

/** SIGKILL to group `pgid` if it is still the one started with `marker`; never throws. */
export function killGroupSync(pgid: number, marker: string): void {
  if (groupAlive(pgid, marker)) signal(pgid, 'SIGKILL');
}

/** SIGTERM to group `pgid` (if it is the one started with `marker`), SIGKILL after `graceMs`; resolves once no process of it is left. */
export async function stopGroup(pgid: number, marker: string, graceMs = 15_000): Promise<void> {
  if (!groupAlive(pgid, marker)) return;
  signal(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (members(pgid).length > 0 && Date.now() < deadline) await sleep(200);
  if (members(pgid).length > 0) signal(pgid, 'SIGKILL');
  const killDeadline = Date.now() + 5_000;
  while (members(pgid).length > 0 && Date.now() < killDeadline) await sleep(100);
}
