import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers.js';
import { BIN, childrenOf, createVhost, get, makeTestApp, SERVER_WAIT, startServer, stopServer, type RunningTestServer } from './server-fixture.js';

/*
 * oslo.log's options and the start-up banner, on the real `net-server start`
 * process tree: the banner once, from the master; log_file appended to by
 * the master and every worker, each record whole.
 */

const vhost = createVhost();
const running: RunningTestServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => stopServer(server)));
});
afterAll(() => vhost.remove());

const VERSION = (JSON.parse(readFileSync(resolve(BIN, '../../package.json'), 'utf8')) as { version: string }).version;

interface Record {
  pid: number;
  level: string;
  msg: string;
  [field: string]: unknown;
}

function fileLines(path: string): string[] {
  return existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
    : [];
}

describe('net-server start: logging', { timeout: 90_000 }, () => {
  it('logs the banner once from the master, and every process appends whole JSON records to log_file', async () => {
    const app = await makeTestApp(tempDir(), {
      api_workers: 2,
      rpc_workers: 1,
      rpc_state_report_workers: 1,
      transport_url: vhost.url,
      control_exchange: `logging-${process.pid}`,
      log_dir: 'logs',
      log_file: 'server.log',
    });
    const second = join(app.root, 'extra.conf');
    writeFileSync(second, '[DEFAULT]\ndns_domain = logging.example\n');
    const server = startServer(app, {}, ['--config-file', second]);
    running.push(server);
    const logFile = join(app.root, 'logs', 'server.log');

    const records = await vi.waitFor(
      () => {
        const parsed = fileLines(logFile).map((line) => JSON.parse(line) as Record);
        expect(
          parsed.some((record) => record.msg === 'net-server ready'),
          '"net-server ready" in the log file',
        ).toBe(true);
        return parsed;
      },
      { ...SERVER_WAIT, timeout: 60_000 },
    );
    // Requests served by the API workers add their access records.
    for (let i = 0; i < 6; i++) expect((await get(app.port, '/v2.0/networks')).status).toBe(200);

    const banner = records.filter((record) => record.pid === server.pid).map((record) => record.msg);
    const start = banner.indexOf(`net-server ${VERSION} starting (Node.js ${process.version})`);
    expect(start, banner.join('\n')).toBeGreaterThanOrEqual(0);
    expect(banner.slice(start, start + 8)).toEqual([
      `net-server ${VERSION} starting (Node.js ${process.version})`,
      `configuration files: ${app.configFile}, ${second}`,
      expect.stringMatching(
        new RegExp(`^database: sqlite:///${join(app.root, 'db.sqlite')} \\((better-sqlite3|libsql) \\d+\\.\\d+\\.\\d+, SQLite 3\\.\\d+\\.\\d+\\)$`),
      ),
      `transport: ${vhost.url.replace('guest:guest@', 'guest:****@')}`,
      `API: http://127.0.0.1:${app.port}/`,
      'workers: api_workers=2 rpc_workers=1 rpc_state_report_workers=1; forked: api worker x2, rpc worker x1, rpc reports worker x1; in the master: none',
      'core plugin: test_rpc (test-launcher-plugins 1.0.0)',
      'service plugins: none',
    ]);
    // Once: the workers load the same configuration and plugins, but only the master tells.
    expect(records.filter((record) => record.msg.startsWith('net-server ') && record.msg.includes(' starting (Node.js '))).toHaveLength(1);
    expect(readFileSync(logFile, 'utf8')).not.toContain('guest:guest');

    // Every child's records are there, and every line of the file is one whole record.
    const children = childrenOf(server.pid).map((child) => child.pid);
    expect(children).toHaveLength(4);
    const lines = await vi.waitFor(() => {
      const all = fileLines(logFile);
      expect(all.filter((line) => line.includes('"path":"/v2.0/networks"')).length, 'the access records in the log file').toBeGreaterThanOrEqual(6);
      return all;
    }, SERVER_WAIT);
    const all = lines.map((line) => JSON.parse(line) as Record);
    const writers = new Set(all.map((record) => record.pid));
    for (const pid of [server.pid, ...children]) expect(writers, `records of ${pid}`).toContain(pid);
    // log_file without use_stderr: nothing on stderr.
    expect(server.log.filter((line) => line.trim() !== '')).toEqual([]);
  });

  it('writes oslo.log text lines to log_file and JSON to stderr with use_stderr, as use_json = false and a pipe ask', async () => {
    const app = await makeTestApp(tempDir(), { transport_url: 'memory://', api_workers: 0, use_json: 'false', use_stderr: 'true', log_file: 'text.log' });
    // use_json = false is for every destination; the stderr pipe gets text too.
    const server = startServer(app, {}, ['--log-date-format', '%d %b %Y %H:%M:%S']);
    running.push(server);
    const logFile = join(app.root, 'text.log');
    const lines = await vi.waitFor(
      () => {
        const all = fileLines(logFile);
        if (server.process.exitCode !== null) throw new Error(`exited ${server.process.exitCode}:\n${all.join('\n')}\n${server.log.join('\n')}`);
        expect(
          all.some((line) => line.endsWith(' net-server ready pids={}')),
          '"net-server ready" in the log file',
        ).toBe(true);
        return all;
      },
      { ...SERVER_WAIT, timeout: 60_000 },
    );
    const oslo = new RegExp(
      `^\\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} ${server.pid} (DEBUG|INFO|WARNING|ERROR) net-server(\\.[\\w.-]+)? \\[[^\\]]+\\] `,
    );
    for (const line of lines) expect(line).toMatch(oslo);
    expect(lines.some((line) => line.includes(` INFO net-server [-] configuration files: ${app.configFile}`))).toBe(true);
    expect(lines.some((line) => line.includes(' INFO net-server [-] core plugin: test_rpc (test-launcher-plugins 1.0.0)'))).toBe(true);
    expect(server.log.filter((line) => line !== '').every((line) => oslo.test(line))).toBe(true);
    expect(server.log.some((line) => line.endsWith(' net-server ready pids={}'))).toBe(true);
  });

  it('refuses to start with a log_file it cannot open, naming it, with the configuration error status', async () => {
    const app = await makeTestApp(tempDir(), { transport_url: 'memory://', api_workers: 0 });
    writeFileSync(join(app.root, 'blocker'), '');
    const server = startServer(app, {}, ['--log-file', join(app.root, 'blocker', 'server.log')]);
    running.push(server);
    expect((await server.exited).code).toBe(2);
    expect(server.log.join('\n')).toContain(
      `command-line option --log-file: [DEFAULT] log_file: cannot open the log file ${join(app.root, 'blocker', 'server.log')} for appending`,
    );
  });
});
