import { describe, expect, it, vi } from 'vitest';
import { launcherSuite } from './launcher-suite.js';
import { httpLoad, isAlive, networkName, pidsWithTitle, SERVER_WAIT } from './server-fixture.js';
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
    await expect.poll(() => load.answered, { ...SERVER_WAIT, message: 'some load' }).toBeGreaterThan(10);
    process.kill(victim, 'SIGKILL');
    // Back within 2 s, as the issue asks.
    const replacement = await vi.waitFor(
      () => {
        const found = pidsWithTitle(server.pid, 'api worker').find((pid) => pid !== victim && pid !== survivor);
        expect(found, 'a new API worker').toBeDefined();
        return found!;
      },
      { ...SERVER_WAIT, timeout: 2000 },
    );
    // The new worker serves too: both pids answer.
    await expect.poll(() => networkName(app.port, 'pid'), { ...SERVER_WAIT, message: 'the new worker to answer' }).toBe(String(replacement));
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
    await vi.waitFor(async () => {
      answered.add(await callWhoami(client));
      expect([...answered], 'both RPC workers to answer').toEqual(expect.arrayContaining(workers));
    }, SERVER_WAIT);
    const [victim] = workers as [number];
    process.kill(victim, 'SIGKILL');
    const replacement = await vi.waitFor(
      () => {
        const found = pidsWithTitle(server.pid, 'rpc worker').find((pid) => !workers.includes(pid));
        expect(found, 'a new RPC worker').toBeDefined();
        return found!;
      },
      { ...SERVER_WAIT, timeout: 2000 },
    );
    // Calls resume and reach the new worker; a call taken by the killed one may time out on the way.
    await expect.poll(() => callWhoami(client), { ...SERVER_WAIT, message: 'the new RPC worker to answer' }).toBe(replacement);
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
    await expect.poll(() => children.filter(isAlive), { ...SERVER_WAIT, timeout: 2000, message: 'every child to exit' }).toEqual([]);
  });
});
