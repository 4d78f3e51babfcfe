import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { run, SYSTEM_PATH } from '../../agents-e2e/src/proc.js';

/** Debian's packages the harness runs: Keystone (Zed) under uwsgi on PostgreSQL, Tempest 33 and neutron's Tempest plugin, the openstack CLI. */
export const DEBIAN_PACKAGES = ['keystone', 'tempest', 'neutron-tempest-plugin', 'python3-psycopg2', 'uwsgi-plugin-python3', 'python3-openstackclient'];

const ENV = { PATH: SYSTEM_PATH, LANG: 'C.UTF-8', DEBIAN_FRONTEND: 'noninteractive' };
const POLICY_RC = '/usr/sbin/policy-rc.d';

/** The packages of `wanted` dpkg does not report installed. */
export async function missingPackages(wanted: readonly string[] = DEBIAN_PACKAGES): Promise<string[]> {
  const missing: string[] = [];
  for (const name of wanted) {
    const status = await run('dpkg-query', ['-W', '-f=${Status}', name], { env: ENV, allowFailure: true, timeoutMs: 30_000 });
    if (!status.stdout.includes('install ok installed')) missing.push(name);
  }
  return missing;
}

/**
 * Installs what is missing with apt-get. The keystone package would start
 * its own Keystone (and the uwsgi emperor) on install: a policy-rc.d that
 * forbids every service start is in place while apt runs (and removed after
 * if we wrote it).
 */
export async function ensurePackages(log: (line: string) => void, wanted: readonly string[] = DEBIAN_PACKAGES): Promise<string[]> {
  const missing = await missingPackages(wanted);
  if (missing.length === 0) return [];
  if (process.getuid?.() !== 0) throw new Error(`missing Debian packages ${missing.join(' ')}; install them as root (apt-get install ${missing.join(' ')})`);
  log(`installing ${missing.join(' ')} (apt-get)`);
  const wrotePolicy = !existsSync(POLICY_RC);
  if (wrotePolicy) writeFileSync(POLICY_RC, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    await run('apt-get', ['update', '-qq'], { env: ENV, timeoutMs: 600_000 });
    await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env: ENV, timeoutMs: 1_200_000 });
  } finally {
    if (wrotePolicy) rmSync(POLICY_RC, { force: true });
  }
  return missing;
}
