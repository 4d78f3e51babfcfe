import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, SYSTEM_PATH } from '../../agents-e2e/src/proc.js';
import type { TestRecord } from './results.js';

/** The Python helper that turns stestr's subunit stream into JSON lines; the same path from src/ and from the CLI's bundle in dist/. */
const SUBUNIT_TO_JSON = resolve(dirname(fileURLToPath(import.meta.url)), '../src/subunit_to_json.py');
/** A sitecustomize that takes Debian's 10 s sleep out of every subnet delete (see its docstring). */
const TEMPEST_SITE = resolve(dirname(fileURLToPath(import.meta.url)), '../src/tempest-site');

export interface TempestConfig {
  identityUrl: string;
  adminPassword: string;
  /** Keystone's own region (the identity endpoints) and the network server's. */
  identityRegion: string;
  networkRegion: string;
  publicNetworkId: string;
  publicNetworkName: string;
  /** What the server lists in /v2.0/extensions. */
  extensions: string[];
  typeDrivers: string[];
  providerVlans: string[];
}

/**
 * A Tempest workspace (`tempest init`) with a tempest.conf for a network
 * server alone: compute, volume, image and object storage unavailable,
 * dynamic credentials (Tempest makes a project and users per test class
 * with the admin's token), `api_extensions` = what the server lists, as
 * devstack writes it.
 */
export class TempestWorkspace {
  readonly confFile: string;

  constructor(
    readonly dir: string,
    readonly home: string,
    /** Where tempest.log goes (every request Tempest made, with its status and time). */
    readonly logDir: string,
  ) {
    this.confFile = join(dir, 'etc', 'tempest.conf');
  }

  private get env(): NodeJS.ProcessEnv {
    // HOME is the run's: tempest init records workspaces in ~/.tempest, the openstack libraries read ~/.config.
    return { PATH: SYSTEM_PATH, HOME: this.home, LANG: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: TEMPEST_SITE };
  }

  async init(config: TempestConfig): Promise<void> {
    // `tempest init` copies a global config folder (/etc/tempest by default) into etc/: give it ours.
    const configDir = join(this.home, 'tempest-etc');
    mkdirSync(configDir, { recursive: true });
    writeFileSync(join(configDir, 'tempest.conf'), tempestConf(config, join(this.dir, 'lock'), this.logDir));
    await run(
      'tempest',
      ['init', '--config-dir', configDir, '--workspace-path', join(this.home, 'tempest-workspaces.yaml'), '--name', `conformance-${process.pid}`, this.dir],
      {
        env: this.env,
        cwd: this.home,
        timeoutMs: 180_000,
      },
    );
    // init rewrote lock_path and log_dir into the copy; ours holds the same, written again so that the file is exactly what we mean.
    writeFileSync(this.confFile, tempestConf(config, join(this.dir, 'lock'), this.logDir));
  }

  /**
   * `tempest run --concurrency N --regex R`, its output appended to
   * `logFile` (and passed to `onLine`); killed after `timeoutMs`. Returns
   * the tests' results read from the stestr repository, whatever the exit
   * status (failing tests make it 1).
   */
  async run(options: {
    regex: string;
    excludeRegex?: string;
    concurrency: number;
    timeoutMs: number;
    logFile: string;
    onLine?: (line: string) => void;
  }): Promise<{ exitCode: number | null; timedOut: boolean; records: TestRecord[] }> {
    const args = ['run', '--config-file', this.confFile, '--concurrency', String(options.concurrency), '--regex', options.regex];
    if (options.excludeRegex) args.push('--exclude-regex', options.excludeRegex);
    const fd = openSync(options.logFile, 'a');
    let timedOut = false;
    let exitCode: number | null;
    try {
      const child = spawn('tempest', args, { cwd: this.dir, env: this.env, detached: true, stdio: ['ignore', 'pipe', fd] });
      let pending = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        writeFileSync(fd, text);
        pending += text;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) options.onLine?.(line);
      });
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-(child.pid ?? 0), 'SIGKILL');
        } catch {
          // gone
        }
      }, options.timeoutMs);
      exitCode = await new Promise<number | null>((resolvePromise) => {
        child.on('error', () => resolvePromise(-1));
        child.on('close', (code) => resolvePromise(code));
      });
      clearTimeout(timer);
    } finally {
      closeSync(fd);
    }
    return { exitCode, timedOut, records: await this.results() };
  }

  /**
   * The last run's tests, from its stestr repository, through the Python
   * helper: `stestr last --subunit` for a run that finished; for one that
   * was killed (--timeout), stestr never moved its stream to a numbered
   * run, so the partial stream it was writing (`tmp*`, subunit v1) through
   * subunit-1to2: the tests that finished are there.
   */
  async results(): Promise<TestRecord[]> {
    const repository = join(this.dir, '.stestr');
    if (!existsSync(repository)) return [];
    const newest = readdirSync(repository)
      .filter((name) => /^(\d+|tmp\w+)$/.test(name))
      .map((name) => ({ name, at: statSync(join(repository, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at)[0];
    if (!newest) return [];
    const source = newest.name.startsWith('tmp') ? 'subunit-1to2 < "$1"' : 'stestr last --subunit';
    const subunit = await run('bash', ['-c', `set -o pipefail; ${source} | /usr/bin/python3 "$2"`, 'results', join(repository, newest.name), SUBUNIT_TO_JSON], {
      env: this.env,
      cwd: this.dir,
      timeoutMs: 120_000,
      allowFailure: true,
    });
    return subunit.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as TestRecord);
  }
}

/** tempest.conf for a network server alone. */
export function tempestConf(config: TempestConfig, lockDir: string, logDir: string): string {
  return `[DEFAULT]
log_dir = ${logDir}
log_file = tempest.log

[oslo_concurrency]
lock_path = ${lockDir}

[auth]
use_dynamic_credentials = true
create_isolated_networks = false
admin_username = admin
admin_password = ${config.adminPassword}
admin_project_name = admin
admin_domain_name = Default

[identity]
uri_v3 = ${config.identityUrl}/v3
auth_version = v3
region = ${config.identityRegion}
disable_ssl_certificate_validation = true

[identity-feature-enabled]
api_v2 = false
api_v3 = true

[service_available]
neutron = true
nova = false
cinder = false
glance = false
swift = false
horizon = false

[network]
region = ${config.networkRegion}
public_network_id = ${config.publicNetworkId}
floating_network_name = ${config.publicNetworkName}
project_network_cidr = 10.100.0.0/16
project_network_mask_bits = 28
project_network_v6_cidr = 2001:db8:8000::/48
project_network_v6_mask_bits = 64
project_networks_reachable = false

[network-feature-enabled]
api_extensions = ${config.extensions.join(',')}
ipv6 = true
ipv6_subnet_attributes = true
port_security = true
floating_ips = true

[neutron_plugin_options]
available_type_drivers = ${config.typeDrivers.join(',')}
provider_vlans = ${config.providerVlans.join(',')}

[validation]
run_validation = false
`;
}
