import { randomUUID } from 'node:crypto';
import { RpcClient, Target, getRpcTransport, type Transport } from '@net-server/rpc';
import { rabbitDriver } from '@net-server/rpc-rabbit';
import { silentLogger } from '@net-server/lib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import {
  createVhost,
  httpLoad,
  isAlive,
  makeTestApp,
  networkName,
  pidsWithTitle,
  startServer,
  stopServer,
  waitFor,
  waitForWorkers,
  type RunningTestServer,
} from './server-fixture.js';

const vhost = createVhost();
const running: RunningTestServer[] = [];
const transports: Transport[] = [];
afterEach(async () => {
  await Promise.all(transports.splice(0).map((transport) => transport.cleanup()));
  await Promise.all(running.splice(0).map((server) => stopServer(server)));
});
afterAll(() => vhost.remove());

/** A server with `defaults`, once its API answers and its workers run; with an RPC client on its exchange. */
async function startReady(defaults: Record<string, string | number>, expected: Record<string, number>) {
  const exchange = `launcher-${randomUUID()}`;
  const app = await makeTestApp(tempDir(), { transport_url: vhost.url, control_exchange: exchange, ...defaults });
  const server = startServer(app);
  running.push(server);
  await waitFor('the API', () => networkName(app.port, 'pid'));
  await waitForWorkers(server);
  for (const [title, count] of Object.entries(expected)) {
    await waitFor(`${count} ${title}`, () => (pidsWithTitle(server.pid, title).length === count ? true : undefined));
  }
  const transport = await getRpcTransport(
    { transport_url: vhost.url, control_exchange: exchange, rpc_response_timeout: 5 },
    { drivers: { rabbit: rabbitDriver }, logger: silentLogger },
  );
  transports.push(transport);
  const client = new RpcClient(transport, new Target({ topic: 'q-plugin' }), { timeoutMs: 3000 });
  return { app, server, client };
}

async function callWhoami(client: RpcClient): Promise<number> {
  return (await client.call({}, 'whoami', {})) as number;
}

describe('net-server start: dead workers', () => {
  it('restarts a killed API worker while the other one keeps serving', async () => {
    const { app, server } = await startReady({ api_workers: 2, rpc_workers: 1, rpc_state_report_workers: 0 }, { 'api worker': 2 });
    const [victim, survivor] = pidsWithTitle(server.pid, 'api worker') as [number, number];
    const clients = 4;
    const load = httpLoad(app.port, '/v2.0/networks/slow-20', clients);
    await waitFor('some load', () => (load.answered > 10 ? true : undefined));
    process.kill(victim, 'SIGKILL');
    // Back within 2 s, as the issue asks.
    const replacement = await waitFor(
      'a new API worker',
      () => pidsWithTitle(server.pid, 'api worker').find((pid) => pid !== victim && pid !== survivor),
      2000,
    );
    // The new worker serves too: both pids answer.
    await waitFor('the new worker to answer', async () => ((await networkName(app.port, 'pid')) === String(replacement) ? true : undefined));
    const { ok, failures } = await load.stop();
    expect(ok).toBeGreaterThan(0);
    // Only requests the killed worker held can fail, and none is refused.
    expect(failures.length).toBeLessThanOrEqual(clients);
    expect(failures.filter((code) => code === 'ECONNREFUSED')).toEqual([]);
    expect(server.log.some((line) => line.includes('child killed by signal') && line.includes('SIGKILL'))).toBe(true);
  });

  it('restarts a killed RPC worker and RPC calls resume', async () => {
    const { server, client } = await startReady({ api_workers: 1, rpc_workers: 2, rpc_state_report_workers: 0 }, { 'rpc worker': 2 });
    const workers = pidsWithTitle(server.pid, 'rpc worker');
    const answered = new Set<number>();
    await waitFor('both RPC workers to answer', async () => {
      answered.add(await callWhoami(client));
      return workers.every((pid) => answered.has(pid)) ? true : undefined;
    });
    const [victim] = workers as [number];
    process.kill(victim, 'SIGKILL');
    const replacement = await waitFor(
      'a new RPC worker',
      () => pidsWithTitle(server.pid, 'rpc worker').find((pid) => !workers.includes(pid)),
      2000,
    );
    // Calls resume and reach the new worker; a call taken by the killed one may time out on the way.
    await waitFor('the new RPC worker to answer', async () => ((await callWhoami(client)) === replacement ? true : undefined));
    const results = await Promise.all(Array.from({ length: 20 }, () => callWhoami(client)));
    expect(results.every((pid) => pid !== victim)).toBe(true);
  });

  it('takes every child down when the master is killed with SIGKILL', async () => {
    const { server } = await startReady(
      { api_workers: 2, rpc_workers: 1, rpc_state_report_workers: 1 },
      { 'api worker': 2, 'rpc worker': 1, 'rpc reports worker': 1 },
    );
    const children = ['api worker', 'rpc worker', 'rpc reports worker'].flatMap((title) => pidsWithTitle(server.pid, title));
    expect(children).toHaveLength(4);
    server.process.kill('SIGKILL');
    await server.exited;
    // Gone within 2 s, as the issue asks.
    await waitFor('every child to exit', () => (children.some(isAlive) ? undefined : true), 2000);
  });
});
