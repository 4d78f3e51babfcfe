import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tail } from '../../agents-e2e/src/logs.js';
import { Fatal, run, SYSTEM_PATH, waitFor } from '../../agents-e2e/src/proc.js';
import { IdentityClient } from './identity.js';
import { databaseUrl } from './postgres.js';
import { groupAlive, killGroupSync, stopGroup } from './processes.js';

/** What it takes to use (or stop) a Keystone, also from another run: written to `state.json` in its folder. */
export interface KeystoneState {
  /** Its folder: keystone.conf, the fernet and credential keys, uwsgi's pid file and log. */
  dir: string;
  port: number;
  /** The PostgreSQL database it runs on (the harness made it). */
  database: string;
  adminPassword: string;
  /** uwsgi worker processes and threads per worker. */
  workers: number;
  threads: number;
  /** The uwsgi master's process group while it runs. */
  pgid?: number;
}

export const KEYSTONE_REGION = 'RegionOne';

/**
 * uwsgi threads per worker. With --http11-socket a kept-alive connection
 * holds its thread until the client closes it or uwsgi's 4 s socket
 * timeout passes, and Tempest's clients and the server's token checks keep
 * more connections open than 4 threads: a new one then waited in the listen
 * queue, 2-4 s before most of Tempest's Keystone calls, with the machine
 * idle (the subset's Tempest run: 108 s with 4 threads, 21.5 s with 32).
 */
export const KEYSTONE_THREADS = 32;

/**
 * What `keystone-manage fernet_setup` and `credential_setup` leave in a key
 * repository: a primary key (1) and a staged one (0), each a urlsafe
 * base64 Fernet key of 32 random bytes, readable by Keystone alone. Written
 * here because each of those commands spent 4-6 s of CPU importing
 * Keystone to write two small files.
 */
function writeKeyRepository(dir: string): void {
  for (const name of ['0', '1']) {
    writeFileSync(join(dir, name), randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'), { mode: 0o600 });
  }
}

/**
 * Debian's Keystone (Zed) under uwsgi, with its own configuration folder
 * (nothing under /etc/keystone is read: the configuration files are given
 * through OS_KEYSTONE_CONFIG_FILES and --config-file, HOME is its folder)
 * and its own PostgreSQL database: its fernet and credential key
 * repositories, `keystone-manage` db_sync and bootstrap (admin in project admin, roles admin,
 * member and reader, the identity endpoints in RegionOne), then
 * `uwsgi --http11-socket` on 127.0.0.1 (with --http-socket the openstack CLI
 * got "Connection reset by peer" on reused connections).
 */
export class Keystone {
  constructor(
    readonly state: KeystoneState,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.state.port}`;
  }
  get confFile(): string {
    return join(this.state.dir, 'keystone.conf');
  }
  get logFile(): string {
    return join(this.state.dir, 'keystone.log');
  }
  get stateFile(): string {
    return join(this.state.dir, 'state.json');
  }
  /** In uwsgi's command line (its pid file's path): what tells our uwsgi from a process that got its id later. */
  get marker(): string {
    return join(this.state.dir, 'uwsgi.pid');
  }
  get running(): boolean {
    return this.state.pgid !== undefined && groupAlive(this.state.pgid, this.marker);
  }

  private get env(): NodeJS.ProcessEnv {
    return { PATH: SYSTEM_PATH, HOME: this.state.dir, LANG: 'C.UTF-8', OS_KEYSTONE_CONFIG_FILES: this.confFile };
  }

  /** The Keystone whose state a (kept) earlier run saved in `dir`, if it still answers. */
  static async adopt(dir: string, log: (line: string) => void): Promise<Keystone | undefined> {
    const file = join(dir, 'state.json');
    if (!existsSync(file)) return undefined;
    const keystone = new Keystone(JSON.parse(readFileSync(file, 'utf8')) as KeystoneState, log);
    if (!keystone.running) return undefined;
    try {
      await IdentityClient.admin(keystone.url, keystone.state.adminPassword);
      return keystone;
    } catch {
      return undefined;
    }
  }

  /** Writes the configuration into `dir` (which must exist, empty) and sets the database up; the database must exist. */
  static async install(options: {
    dir: string;
    port: number;
    database: string;
    workers?: number;
    threads?: number;
    log?: (line: string) => void;
  }): Promise<Keystone> {
    const state: KeystoneState = {
      dir: options.dir,
      port: options.port,
      database: options.database,
      adminPassword: randomBytes(12).toString('hex'),
      workers: options.workers ?? 1,
      threads: options.threads ?? KEYSTONE_THREADS,
    };
    const keystone = new Keystone(state, options.log);
    await keystone.configure();
    keystone.save();
    return keystone;
  }

  save(): void {
    writeFileSync(this.stateFile, `${JSON.stringify(this.state, null, 2)}\n`, { mode: 0o600 });
  }

  private async configure(): Promise<void> {
    const { dir } = this.state;
    const fernet = join(dir, 'fernet-keys');
    const credential = join(dir, 'credential-keys');
    const configDir = join(dir, 'keystone.conf.d');
    for (const folder of [fernet, credential, configDir, join(dir, 'policy.d')]) mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'policy.yaml'), '{}\n');
    writeFileSync(
      this.confFile,
      `[DEFAULT]
use_stderr = true

[database]
connection = ${databaseUrl(this.state.database, 'postgresql+psycopg2')}

[token]
provider = fernet

[fernet_tokens]
key_repository = ${fernet}

[fernet_receipts]
key_repository = ${fernet}

[credential]
key_repository = ${credential}

[identity]
# bcrypt's default cost made every password login take ~4 s on 2 busy
# cores, and Tempest's dynamic credentials log in a lot.
password_hash_rounds = 4

[oslo_policy]
# Files of our own, so that no policy under /etc/keystone applies.
policy_file = ${join(dir, 'policy.yaml')}
policy_dirs = ${join(dir, 'policy.d')}
`,
      { mode: 0o600 },
    );
    const manage = async (args: string[], what: string) => {
      const started = Date.now();
      // keystone-manage prints an eventlet AttributeError while exiting; its status is what counts.
      await run('keystone-manage', ['--config-file', this.confFile, '--config-dir', configDir, ...args], { env: this.env, cwd: dir, timeoutMs: 180_000 });
      this.log(`keystone-manage ${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    };
    writeKeyRepository(fernet);
    writeKeyRepository(credential);
    await manage(['db_sync'], 'db_sync');
    const identity = `${this.url}/v3/`;
    await manage(
      [
        'bootstrap',
        '--bootstrap-password',
        this.state.adminPassword,
        '--bootstrap-admin-url',
        identity,
        '--bootstrap-public-url',
        identity,
        '--bootstrap-internal-url',
        identity,
        '--bootstrap-region-id',
        KEYSTONE_REGION,
      ],
      'bootstrap',
    );
    chmodSync(fernet, 0o700);
  }

  /**
   * Starts uwsgi (in a process group of its own, detached so that --keep
   * can leave it running) and waits, at most `timeoutMs`, until the admin
   * can get a token: with --lazy-apps each worker loads Keystone after the
   * fork, ~25 s on 2 busy cores, and the socket accepts before that.
   */
  async start(timeoutMs = 240_000): Promise<void> {
    if (this.running) throw new Error(`Keystone in ${this.state.dir} is running already (group ${this.state.pgid})`);
    const fd = openSync(this.logFile, 'a');
    let child;
    try {
      child = spawn(
        'uwsgi',
        [
          '--plugin',
          'python3',
          '--http11-socket',
          `127.0.0.1:${this.state.port}`,
          '--wsgi-file',
          '/usr/bin/keystone-wsgi-public',
          '--master',
          '--lazy-apps',
          '--processes',
          String(this.state.workers),
          '--threads',
          String(this.state.threads),
          '--enable-threads',
          // Without it SIGTERM makes the uwsgi master reload instead of exit.
          '--die-on-term',
          '--no-orphans',
          '--buffer-size',
          '65535',
          '--pidfile',
          this.marker,
        ],
        { cwd: this.state.dir, env: this.env, detached: true, stdio: ['ignore', fd, fd] },
      );
    } finally {
      closeSync(fd);
    }
    child.on('error', () => undefined);
    child.unref();
    this.state.pgid = child.pid;
    this.save();
    const started = Date.now();
    await waitFor(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Fatal(`uwsgi (Keystone) exited (${String(child.exitCode ?? child.signalCode)}); ${this.logFile} ends:\n${tail(this.logFile, 20)}`);
        }
        await IdentityClient.password(this.url, 'admin', this.state.adminPassword, { project: 'admin' });
        return true;
      },
      timeoutMs,
      () => `Keystone did not issue a token at ${this.url}; ${this.logFile} ends:\n${tail(this.logFile, 20)}`,
      1_000,
    );
    this.log(
      `Keystone ready at ${this.url} in ${((Date.now() - started) / 1000).toFixed(1)} s (${this.state.workers} worker(s), ${this.state.threads} threads)`,
    );
  }

  /** SIGTERM to uwsgi's group (SIGKILL after 15 s); resolves once it is gone. */
  async stop(): Promise<void> {
    if (this.state.pgid !== undefined) await stopGroup(this.state.pgid, this.marker);
    delete this.state.pgid;
    if (existsSync(this.state.dir)) this.save();
  }

  /** Synchronous SIGKILL, for the exit safety net. */
  killNow(): void {
    if (this.state.pgid !== undefined) killGroupSync(this.state.pgid, this.marker);
  }

  admin(): Promise<IdentityClient> {
    return IdentityClient.admin(this.url, this.state.adminPassword);
  }
}
