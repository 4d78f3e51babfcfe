import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { run, runSync, SYSTEM_PATH, type RunResult } from './proc.js';

const env = { ...process.env, PATH: SYSTEM_PATH };

/** `ip <args>`, failing with its output. */
export function ip(...args: string[]): Promise<RunResult> {
  return run('ip', args, { env, timeoutMs: 20_000 });
}

/** A command inside namespace `ns` (nsenter --net, so that mounts stay shared). */
export function inNs(ns: string, command: string, args: readonly string[], options: { timeoutMs?: number; allowFailure?: boolean } = {}): Promise<RunResult> {
  return run('nsenter', [`--net=/run/netns/${ns}`, '--', command, ...args], {
    env,
    timeoutMs: options.timeoutMs ?? 20_000,
    allowFailure: options.allowFailure,
  });
}

export function nsExists(ns: string): boolean {
  return existsSync(`/run/netns/${ns}`);
}

export async function createNs(ns: string): Promise<void> {
  await ip('netns', 'add', ns);
  await ip('-n', ns, 'link', 'set', 'lo', 'up');
}

/** The pids whose network namespace is `ns` (as `ip netns pids`, without failing when it is gone). */
export function nsPids(ns: string): number[] {
  let target: number;
  try {
    target = statSync(`/run/netns/${ns}`).ino;
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const link = readlinkSync(`/proc/${entry}/ns/net`); // net:[4026532XXX]
      if (Number(/\[(\d+)\]/.exec(link)?.[1]) === target) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids.filter((pid) => pid !== process.pid);
}

/** The command line of `pid`, '' when gone. */
export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/** SIGKILLs every process (but this one) whose command line holds `text`, such as a run's folder; returns what it killed. */
export function killProcessesNaming(text: string): string[] {
  const killed: string[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!/^\d+$/.test(entry) || pid === process.pid) continue;
    const line = cmdline(pid);
    if (!line.includes(text)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(`${pid} ${line}`);
    } catch {
      // gone
    }
  }
  return killed;
}

/** SIGKILLs every process in `ns`, then deletes it. Synchronous, for cleanup; returns what it killed. */
export function destroyNs(ns: string): string[] {
  if (!nsExists(ns)) return [];
  const killed: string[] = [];
  for (let round = 0; round < 5; round++) {
    const pids = nsPids(ns);
    if (pids.length === 0) break;
    for (const pid of pids) {
      killed.push(`${pid} ${cmdline(pid)}`);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    runSync('sleep', ['0.2']);
  }
  runSync('ip', ['netns', 'delete', ns]);
  return killed;
}

/** The addresses (CIDR) of `device` in `ns`, [] when absent. */
export async function addresses(ns: string, device?: string): Promise<{ ifname: string; cidr: string; family: string }[]> {
  const args = ['-j', '-n', ns, 'addr', 'show'];
  if (device) args.push('dev', device);
  const result = await run('ip', args, { env, allowFailure: true });
  if (result.code !== 0) return [];
  const links = JSON.parse(result.stdout || '[]') as { ifname: string; addr_info?: { local: string; prefixlen: number; family: string }[] }[];
  return links.flatMap((link) => (link.addr_info ?? []).map((a) => ({ ifname: link.ifname, cidr: `${a.local}/${a.prefixlen}`, family: a.family })));
}

/** Links of `ns` as `ip -j link` gives them. */
export async function links(ns: string): Promise<{ ifname: string; operstate: string; master?: string; address?: string; flags: string[] }[]> {
  const result = await run('ip', ['-j', '-n', ns, 'link', 'show'], { env, allowFailure: true });
  if (result.code !== 0) return [];
  return JSON.parse(result.stdout || '[]');
}
