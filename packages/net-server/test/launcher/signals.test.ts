import { request } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers.js';
import { launcherSuite } from './launcher-suite.js';
import { httpLoad, makeTestApp, networkName, pidsWithTitle, startServer, SERVER_WAIT, waitForLog, type HttpResult } from './server-fixture.js';

const suite = launcherSuite();

/** A GET whose `sent` resolves once the request is on the wire. */
function sendGet(port: number, path: string): { sent: Promise<void>; done: Promise<HttpResult> } {
  let markSent!: () => void;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const done = new Promise<HttpResult>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(() => markSent());
  });
  return { sent, done };
}

describe('net-server start: signals', { timeout: 90_000 }, () => {
  it.each([
    ['API workers', { api_workers: 2, rpc_workers: 1, rpc_state_report_workers: 0 }],
    ['the master serving the API', { api_workers: 0, rpc_workers: 1, rpc_state_report_workers: 0 }],
  ] as const)('SIGTERM lets %s finish every accepted request and RPC message, then exits 0', async (_what, counts) => {
    const { app, server, exchange } = await suite.startReady(counts, { 'rpc worker': 1 });
    const client = await suite.rpcClient(exchange, 10_000);
    await client.call({}, 'whoami', {});

    const requests = Array.from({ length: 12 }, () => sendGet(app.port, '/v2.0/networks/slow-1500'));
    const calls = Array.from({ length: 4 }, () =>
      client.call({}, 'slow', { ms: 1500 }).then(
        (pid) => ({ pid }),
        (error: unknown) => ({ error }),
      ),
    );
    await Promise.all(requests.map((one) => one.sent));
    // Let the workers read what was sent before the signal.
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.process.kill('SIGTERM');

    const answers = await Promise.all(requests.map((one) => one.done));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    const replies = await Promise.all(calls);
    if (replies.some((one) => 'error' in one)) console.log(server.log.join('\n'));
    expect(replies.filter((one) => 'error' in one)).toEqual([]);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.log.some((line) => line.includes('caught signal, stopping gracefully'))).toBe(true);
  });

  it.each([
    ['API workers', { api_workers: 2, rpc_workers: 1, rpc_state_report_workers: 0 }, 2],
    ['a single process', { api_workers: 0, rpc_workers: 0, rpc_state_report_workers: 0 }, 0],
  ] as const)('SIGHUP makes %s serve a changed option without refusing a request', async (_what, counts, apiWorkers) => {
    const { app, server, exchange } = await suite.startReady({ ...counts, dns_domain: 'before.example' }, { 'api worker': apiWorkers });
    const before = pidsWithTitle(server.pid, 'api worker');
    expect(await networkName(app.port, 'dns')).toBe('before.example');

    const load = httpLoad(app.port, '/v2.0/networks/pid', 4);
    await expect.poll(() => load.answered, { ...SERVER_WAIT, message: 'some load' }).toBeGreaterThan(10);
    app.writeConfig({ ...counts, transport_url: suite.vhost.url, dns_domain: 'after.example' });
    server.process.kill('SIGHUP');
    await waitForLog(server, 'reload done');
    const { ok, failures } = await load.stop();

    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(0);
    // Every worker now serves the new value; forked API workers were replaced.
    for (let i = 0; i < 6; i++) expect(await networkName(app.port, 'dns')).toBe('after.example');
    // RPC is served again by the reloaded workers.
    const client = await suite.rpcClient(exchange, 5000);
    expect(await client.call({}, 'whoami', {})).toEqual(expect.any(Number));
    // The replaced workers finish what they hold and exit.
    const after = await vi.waitFor(() => {
      const now = pidsWithTitle(server.pid, 'api worker');
      expect(now, 'the old workers to exit').toHaveLength(apiWorkers);
      return now;
    }, SERVER_WAIT);
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);
  });
});

describe('net-server start: reloading a single process', { timeout: 90_000 }, () => {
  it('closes the replaced plugins, so SIGHUPs leave no broker connection behind', async () => {
    const counts = { api_workers: 0, rpc_workers: 0, rpc_state_report_workers: 0 };
    const { server, exchange } = await suite.startReady(counts, {});
    const client = await suite.rpcClient(exchange, 5000);
    expect(await client.call({}, 'whoami', {})).toBe(server.pid);
    const settled = await vi.waitFor(() => {
      const open = suite.vhost.connections();
      expect(open, 'the connection count to settle').toBeGreaterThan(1);
      return open;
    }, SERVER_WAIT);
    for (let reload = 1; reload <= 3; reload++) {
      server.process.kill('SIGHUP');
      await expect.poll(() => server.log.filter((line) => line.includes('reload done')).length, { ...SERVER_WAIT, message: `reload ${reload}` }).toBe(reload);
    }
    expect(await client.call({}, 'whoami', {})).toBe(server.pid);
    expect(suite.vhost.connections()).toBe(settled);
  });
});

describe('net-server start: stopping a single process', { timeout: 90_000 }, () => {
  async function startSingle(defaults: Record<string, string | number>) {
    const app = await makeTestApp(tempDir(), { transport_url: 'memory://', ...defaults });
    const server = suite.track(startServer(app));
    await vi.waitFor(() => networkName(app.port, 'pid'), SERVER_WAIT);
    return { app, server };
  }

  it('stops gracefully on SIGINT too', async () => {
    const { app, server } = await startSingle({});
    const slow = sendGet(app.port, '/v2.0/networks/slow-1000');
    await slow.sent;
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.process.kill('SIGINT');
    expect((await slow.done).status).toBe(200);
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  it('gives up on unfinished work after graceful_shutdown_timeout and exits 1', async () => {
    const { app, server } = await startSingle({ graceful_shutdown_timeout: 1 });
    const stuck = sendGet(app.port, '/v2.0/networks/slow-20000');
    stuck.done.catch(() => undefined);
    await stuck.sent;
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.process.kill('SIGTERM');
    expect((await server.exited).code).toBe(1);
    expect(server.log.some((line) => line.includes('graceful shutdown timeout exceeded'))).toBe(true);
    await expect(stuck.done).rejects.toThrow();
  });
});
