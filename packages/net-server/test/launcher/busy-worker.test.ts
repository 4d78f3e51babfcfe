import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers.js';
import {
  get,
  makeTestApp,
  networkName,
  pidsWithTitle,
  SERVER_WAIT,
  startServer,
  stopServer,
  waitForWorkers,
  type RunningTestServer,
} from './server-fixture.js';

const running: RunningTestServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => stopServer(server)));
});

describe('net-server start: API workers share one socket', { timeout: 90_000 }, () => {
  it('keeps answering on the other worker while one is busy', async () => {
    const app = await makeTestApp(tempDir(), { transport_url: 'memory://', api_workers: 2, rpc_workers: 0, rpc_state_report_workers: 0 });
    const server = startServer(app);
    running.push(server);
    await vi.waitFor(() => networkName(app.port, 'pid'), SERVER_WAIT);
    await waitForWorkers(server);
    const workers = pidsWithTitle(server.pid, 'api worker');
    expect(workers).toHaveLength(2);

    let busyDone = false;
    const busy = get(app.port, '/v2.0/networks/busy-3000').then((answer) => {
      busyDone = true;
      return answer;
    });
    // Let one worker take the busy request and start on it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const answeredWhileBusy: string[] = [];
    const probes = Array.from({ length: 10 }, () =>
      networkName(app.port, 'pid').then((pid) => {
        if (!busyDone) answeredWhileBusy.push(pid);
      }),
    );
    await Promise.all([busy, ...probes]);
    // At most one connection can be handed to the busy worker before it stops taking new ones.
    expect(answeredWhileBusy.length).toBeGreaterThanOrEqual(9);
    // All by the one worker that is not busy.
    expect(new Set(answeredWhileBusy).size).toBe(1);
    expect(workers.map(String)).toContain(answeredWhileBusy[0]);
    expect((await busy).status).toBe(200);
  });
});
