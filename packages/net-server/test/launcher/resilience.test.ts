import { describe, expect, it } from 'vitest';
import { launcherSuite } from './launcher-suite.js';
import { httpLoad, isAlive, networkName, pidsWithTitle, waitFor } from './server-fixture.js';
import type { RpcClient } from '@net-server/rpc';

const suite = launcherSuite();

async function callWhoami(client: RpcClient): Promise<number> {
  return (await client.call({}, 'whoami', {})) as number;
}

describe('net-server start: dead workers', { timeout: 90_000 }, () => {
  it('restarts a killed API worker while the other one keeps serving', async () => {
    const { app, server } = await suite.startReady({ api_workers: 2, rpc_workers: 1, rpc_state_report_workers: 0 }, { 'api worker': 2 });
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
    // Only the requests the killed worker held fail (reset); none is refused or left unanswered.
    expect(failures.length).toBeLessThanOrEqual(clients);
    expect(failures.filter((code) => code !== 'ECONNRESET')).toEqual([]);
    expect(server.log.some((line) => line.includes('child killed by signal') && line.includes('SIGKILL'))).toBe(true);
  });

  it('restarts a killed RPC worker and RPC calls resume', async () => {
    const { server, exchange } = await suite.startReady({ api_workers: 1, rpc_workers: 2, rpc_state_report_workers: 0 }, { 'rpc worker': 2 });
    const client = await suite.rpcClient(exchange, 3000);
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
    const { server } = await suite.startReady(
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
