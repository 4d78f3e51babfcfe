import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.js';
import { Config } from '../../src/config/config.js';
import { ConfigValueError } from '../../src/config/errors.js';
import { parseIni } from '../../src/config/ini-parser.js';
import { OptionRegistry } from '../../src/config/option-registry.js';
import { serverOptionGroups } from '../../src/config/server-options.js';
import { LogFileUnusableError, SyslogUnavailableError } from '../../src/logging/errors.js';
import { createServerLogger } from '../../src/logging/server-logger.js';
import { tempDir } from '../helpers.js';

const CONF = '/etc/net-server/net-server.conf';

function config(text: string): Config {
  const registry = new OptionRegistry();
  registry.register(serverOptionGroups, 'net-server');
  return Config.resolve(registry, { files: [parseIni(`[DEFAULT]\n${text}\n`, CONF)], env: {} });
}

function io(cwd: string, stderrIsTerminal = false, env: Record<string, string> = {}): CliIo & { err: string[] } {
  const err: string[] = [];
  return { err, stdout: () => {}, stderr: (text) => err.push(text), env, cwd, stderrIsTerminal };
}

// Loaded as net-server loads it (a static import goes through vitest's resolver, which keeps pnpm's symlinked path, from which the package cannot find its platform binary).
const { DgramSocket } = createRequire(import.meta.url)('node-unix-socket') as typeof import('node-unix-socket');
type DgramSocket = InstanceType<typeof DgramSocket>;

const HUMAN = new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} ${process.pid} INFO net-server \\[-\\] hello$`);

const sockets: DgramSocket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

/** A syslog daemon's socket of the test's own: every datagram it receives. */
function listeningSocket(dir: string): { path: string; received: string[]; next(): Promise<string> } {
  const path = join(dir, 'log.sock');
  const socket = new DgramSocket();
  sockets.push(socket);
  socket.bind(path);
  const received: string[] = [];
  const waiting: ((text: string) => void)[] = [];
  socket.on('data', (data: Buffer) => {
    const text = data.toString('utf8');
    const waiter = waiting.shift();
    if (waiter) waiter(text);
    else received.push(text);
  });
  return {
    path,
    received,
    next: () => {
      const ready = received.shift();
      return ready !== undefined ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

describe('createServerLogger', () => {
  it('writes text to a terminal and JSON lines to a pipe while use_json is unset', () => {
    const terminal = io(tempDir(), true);
    createServerLogger(config(''), terminal).info('hello');
    expect(terminal.err.join('')).toMatch(new RegExp(`${HUMAN.source.slice(0, -1)}\\n$`));
    const pipe = io(tempDir(), false);
    createServerLogger(config(''), pipe).info('hello');
    expect(JSON.parse(pipe.err.join(''))).toMatchObject({ level: 'info', msg: 'hello', pid: process.pid });
  });

  it('follows use_json when it is set, on a terminal and in a file alike', () => {
    const dir = tempDir();
    const asJson = io(dir, true);
    createServerLogger(config('use_json = true\nuse_stderr = true\nlog_file = json.log'), asJson).info('hello');
    expect(JSON.parse(asJson.err.join(''))).toMatchObject({ msg: 'hello' });
    expect(JSON.parse(readFileSync(join(dir, 'json.log'), 'utf8'))).toMatchObject({ msg: 'hello' });
    const asText = io(dir, false);
    createServerLogger(config('use_json = false\nuse_stderr = true\nlog_file = text.log'), asText).info('hello');
    expect(asText.err.join('')).toMatch(new RegExp(`${HUMAN.source.slice(0, -1)}\\n$`));
    expect(readFileSync(join(dir, 'text.log'), 'utf8').trimEnd()).toMatch(HUMAN);
  });

  it('sends records to log_file instead of stderr, unless use_stderr asks for both', () => {
    const dir = tempDir();
    const only = io(dir);
    createServerLogger(config('log_file = server.log'), only).info('to the file');
    expect(only.err).toEqual([]);
    const both = io(dir);
    createServerLogger(config('log_file = server.log\nuse_stderr = true'), both).info('to both');
    expect(both.err).toHaveLength(1);
    const messages = readFileSync(join(dir, 'server.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toEqual(['to the file', 'to both']);
  });

  it('puts a relative log_file under log_dir, and names net-server.log there without one', () => {
    const dir = tempDir();
    createServerLogger(config(`log_dir = ${dir}/logs\nlog_file = neutron/server.log`), io(tempDir())).info('under log_dir');
    createServerLogger(config(`log_dir = ${dir}/logs`), io(tempDir())).info('default name');
    expect(readFileSync(join(dir, 'logs/neutron/server.log'), 'utf8')).toContain('"msg":"under log_dir"');
    expect(readFileSync(join(dir, 'logs/net-server.log'), 'utf8')).toContain('"msg":"default name"');
  });

  it('reads oslo.log’s old names logfile and logdir', () => {
    const dir = tempDir();
    createServerLogger(config(`logdir = ${dir}\nlogfile = old.log`), io(tempDir())).info('old names');
    expect(readFileSync(join(dir, 'old.log'), 'utf8')).toContain('"msg":"old names"');
  });

  it('writes dates in log_date_format', () => {
    const terminal = io(tempDir(), true);
    createServerLogger(config('log_date_format = %d/%b/%Y:%H:%M:%S'), terminal).info('hello');
    expect(terminal.err.join('')).toMatch(new RegExp(`^\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ${process.pid} INFO `));
  });

  it('logs debug records with debug = true (or --debug) only', () => {
    const quiet = io(tempDir());
    createServerLogger(config(''), quiet).debug('hidden');
    expect(quiet.err).toEqual([]);
    const verbose = io(tempDir());
    createServerLogger(config('debug = true'), verbose).debug('shown');
    expect(JSON.parse(verbose.err.join(''))).toMatchObject({ level: 'debug', msg: 'shown' });
  });

  it('refuses a log_date_format strftime does not know, naming the file and line', () => {
    expect(() => createServerLogger(config('log_date_format = %Y-%m-%d %H:%M:%S.%f'), io(tempDir()))).toThrowError(
      expect.objectContaining({
        constructor: ConfigValueError,
        code: 'CONFIG_INVALID_VALUE',
        message: expect.stringContaining(`${CONF}:2: [DEFAULT] log_date_format`) as unknown,
      }) as Error,
    );
  });

  it('refuses a log file it cannot open, naming the option and where it was set', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-dir'), '');
    let thrown: unknown;
    try {
      createServerLogger(config(`log_file = ${join(dir, 'not-a-dir', 'server.log')}`), io(dir));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LogFileUnusableError);
    expect(thrown).toMatchObject({ code: 'LOG_FILE_UNUSABLE', path: join(dir, 'not-a-dir', 'server.log') });
    expect((thrown as Error).message).toContain(`${CONF}:2: [DEFAULT] log_file: cannot open the log file`);
  });

  it('sends every record to syslog as glibc’s syslog() does, text after the header', async () => {
    const dir = tempDir();
    const daemon = listeningSocket(dir);
    const out = io(dir, true);
    const logger = createServerLogger(config('use_syslog = true\nsyslog_log_facility = LOG_LOCAL3'), out, { syslogSocket: daemon.path });
    logger.child({ component: 'api' }).warn('careful', { port: 9696 });
    logger.error('failed');
    // LOG_LOCAL3 is 19: WARNING 19 * 8 + 4, ERROR 19 * 8 + 3; stderr still gets the records.
    expect(await daemon.next()).toMatch(
      new RegExp(`^<156>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d net-server\\[${process.pid}\\]: WARNING net-server\\.api \\[-\\] careful port=9696$`),
    );
    expect(await daemon.next()).toMatch(new RegExp(`^<155>.* net-server\\[${process.pid}\\]: ERROR net-server \\[-\\] failed$`));
    expect(out.err).toHaveLength(2);
  });

  it('sends JSON records to syslog with use_json = true', async () => {
    const dir = tempDir();
    const daemon = listeningSocket(dir);
    createServerLogger(config('use_syslog = true\nuse_json = true'), io(dir), { syslogSocket: daemon.path }).info('hello', { a: 1 });
    const message = await daemon.next();
    // LOG_USER (1), INFO (6): 14.
    expect(message).toMatch(new RegExp(`^<14>.* net-server\\[${process.pid}\\]: \\{`));
    expect(JSON.parse(message.slice(message.indexOf(': {') + 2))).toMatchObject({ msg: 'hello', a: 1, level: 'info' });
  });

  it('refuses use_syslog when no syslog socket is there, saying what to do', () => {
    const dir = tempDir();
    let thrown: unknown;
    try {
      createServerLogger(config('use_syslog = true'), io(dir), { syslogSocket: join(dir, 'missing.sock') });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SyslogUnavailableError);
    expect(thrown).toMatchObject({ code: 'LOG_SYSLOG_UNAVAILABLE', socketPath: join(dir, 'missing.sock') });
    expect((thrown as Error).message).toBe(
      `${CONF}:2: [DEFAULT] use_syslog: cannot log to syslog through ${join(dir, 'missing.sock')}: it does not exist: ` +
        'no syslog daemon (rsyslog, systemd-journald) listens on this host. Fix that, or set use_syslog = false.',
    );
    writeFileSync(join(dir, 'plain-file'), '');
    expect(() => createServerLogger(config('use_syslog = true'), io(dir), { syslogSocket: join(dir, 'plain-file') })).toThrow(/it is not a socket/);
  });

  it('refuses a syslog facility syslog does not have', () => {
    expect(() => createServerLogger(config('use_syslog = true\nsyslog_log_facility = LOG_NOPE'), io(tempDir()))).toThrowError(
      /\[DEFAULT\] syslog_log_facility: unknown syslog facility "LOG_NOPE"; expected one of LOG_KERN, LOG_USER/,
    );
  });
});
