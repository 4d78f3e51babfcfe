import { randomUUID } from 'node:crypto';
import { silentLogger } from '@net-server/lib';
import { RpcClient, Target, getRpcTransport, type Transport } from '@net-server/rpc';
import { rabbitDriver } from '@net-server/rpc-rabbit';
import { afterAll, afterEach, expect, vi } from 'vitest';
import { tempDir } from '../helpers.js';
import {
  createVhost,
  makeTestApp,
  networkName,
  pidsWithTitle,
  startServer,
  stopServer,
  SERVER_WAIT,
  waitForWorkers,
  type RunningTestServer,
  type TestApp,
} from './server-fixture.js';

export interface StartedServer {
  app: TestApp;
  server: RunningTestServer;
  /** The test's own control_exchange. */
  exchange: string;
}

/**
 * What a launcher test file shares: a RabbitMQ virtual host of its own,
 * servers stopped and RPC transports closed after each test.
 */
export function launcherSuite() {
  const vhost = createVhost();
  const running: RunningTestServer[] = [];
  const transports: Transport[] = [];
  afterEach(async () => {
    await Promise.all(transports.splice(0).map((transport) => transport.cleanup()));
    await Promise.all(running.splice(0).map((server) => stopServer(server)));
  });
  afterAll(() => vhost.remove());

  return {
    vhost,

    /** Stops `server` after the test. */
    track(server: RunningTestServer): RunningTestServer {
      running.push(server);
      return server;
    },

    /** Starts a server on the broker, stopped after the test, once its API answers. */
    async start(defaults: Record<string, string | number>, env: Record<string, string> = {}): Promise<StartedServer> {
      const exchange = `launcher-${randomUUID()}`;
      const app = await makeTestApp(tempDir(), { transport_url: vhost.url, control_exchange: exchange, ...defaults });
      const server = this.track(startServer(app, env));
      await vi
        .waitFor(() => networkName(app.port, 'pid'), { ...SERVER_WAIT, timeout: 45_000 })
        .catch((error: unknown) => {
          throw new Error(`${String(error)}\nserver log:\n${server.log.slice(-30).join('\n')}`);
        });
      return { app, server, exchange };
    },

    /** `start`, then waits until every worker is ready and `expected` processes (by title) run. */
    async startReady(defaults: Record<string, string | number>, expected: Record<string, number> = {}): Promise<StartedServer> {
      const started = await this.start(defaults);
      await waitForWorkers(started.server);
      for (const [title, count] of Object.entries(expected)) {
        await vi.waitFor(() => expect(pidsWithTitle(started.server.pid, title), `${count} ${title}`).toHaveLength(count), SERVER_WAIT);
      }
      return started;
    },

    /** An RPC client on the q-plugin topic of a server's exchange, closed after the test. */
    async rpcClient(exchange: string, timeoutMs: number): Promise<RpcClient> {
      const transport = await getRpcTransport(
        { transport_url: vhost.url, control_exchange: exchange },
        { drivers: { rabbit: rabbitDriver }, logger: silentLogger },
      );
      transports.push(transport);
      return new RpcClient(transport, new Target({ topic: 'q-plugin' }), { timeoutMs });
    },
  };
}
