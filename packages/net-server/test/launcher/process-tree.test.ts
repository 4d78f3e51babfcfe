import { describe, expect, it, vi } from 'vitest';
import { launcherSuite } from './launcher-suite.js';
import { networkName, roleCounts, SERVER_WAIT, stopServer, titleOf } from './server-fixture.js';

const suite = launcherSuite();

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}

/** Starts a server and waits until the API answers and `expected` children are up. */
async function startAndCount(defaults: Record<string, string | number>, expected: number, env: Record<string, string> = {}) {
  const { app, server } = await suite.start(defaults, env);
  // Children name themselves once their code runs: wait until all have.
  const counts = await vi.waitFor(() => {
    const now = roleCounts(server.pid);
    expect(
      Object.keys(now).filter((title) => !title.startsWith('net-server: ')),
      'processes without their title yet',
    ).toEqual([]);
    expect(sum(now), 'the worker processes').toBeGreaterThanOrEqual(expected);
    return now;
  }, SERVER_WAIT);
  return { app, server, counts };
}

describe('net-server start: process tree', { timeout: 90_000 }, () => {
  it.each([
    // api_workers, rpc_workers, rpc_state_report_workers -> children per title
    [0, 0, 0, {}],
    [1, 1, 1, { 'net-server: api worker': 1, 'net-server: rpc worker': 1, 'net-server: rpc reports worker': 1 }],
    [3, 3, 3, { 'net-server: api worker': 3, 'net-server: rpc worker': 3, 'net-server: rpc reports worker': 3 }],
    [3, 0, 1, { 'net-server: api worker': 3, 'net-server: rpc reports worker': 1, 'net-server: services worker': 1 }],
    [1, 3, 0, { 'net-server: api worker': 1, 'net-server: rpc worker': 3 }],
    [0, 1, 3, { 'net-server: rpc worker': 1, 'net-server: rpc reports worker': 3 }],
  ] as const)('api_workers=%i rpc_workers=%i rpc_state_report_workers=%i', async (api, rpc, reports, expected) => {
    const { server, counts, app } = await startAndCount({ api_workers: api, rpc_workers: rpc, rpc_state_report_workers: reports }, sum(expected));
    expect(counts).toEqual(expected);
    expect(titleOf(server.pid)).toBe('net-server: master');
    // With api_workers = 0 the master itself answers.
    if (api === 0) expect(await networkName(app.port, 'pid')).toBe(String(server.pid));
  });

  it('ignores rpc_workers when the core plugin has no RPC listeners, and says so', async () => {
    const { server, counts } = await startAndCount({ core_plugin: 'test_plain', api_workers: 1, rpc_workers: 3, rpc_state_report_workers: 3 }, 1);
    expect(counts).toEqual({ 'net-server: api worker': 1 });
    expect(server.log.some((line) => line.includes("'rpc_workers = 3' ignored because startRpcListeners is not implemented"))).toBe(true);
  });

  it('gives plugin workers their own processes, named by the worker, and the 0-process ones the services worker', async () => {
    const own = await startAndCount({ core_plugin: 'test_workers', api_workers: 1, rpc_workers: 1, rpc_state_report_workers: 0 }, 3, {
      TEST_SYNC_WORKERS: '2',
    });
    expect(own.counts).toEqual({ 'net-server: api worker': 1, 'net-server: rpc worker': 1, 'net-server: sync worker': 2 });
    await stopServer(own.server);

    const shared = await startAndCount({ core_plugin: 'test_workers', api_workers: 1, rpc_workers: 1, rpc_state_report_workers: 0 }, 3);
    expect(shared.counts).toEqual({ 'net-server: api worker': 1, 'net-server: rpc worker': 1, 'net-server: services worker': 1 });
  });
});
