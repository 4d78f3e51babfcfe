import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRpcTransport, RpcClient, RpcServer, Target } from '@net-server/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROKER, captureLogger, deleteTopology, queuesOf, uniqueName } from './helpers.js';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));

describe('the rabbit transport as an installed package', () => {
  let app: string;

  beforeAll(() => {
    if (!existsSync(join(packageDir, 'dist/entries/rabbit.js'))) {
      throw new Error('packages/rpc-rabbit is not built: run `npx tsup --config ../../tsup.config.ts` in packages/rpc-rabbit first');
    }
    // An application directory with the package installed, as npm would.
    app = mkdtempSync(join(tmpdir(), 'rpc-rabbit-app-'));
    mkdirSync(join(app, 'node_modules/@net-server'), { recursive: true });
    symlinkSync(packageDir, join(app, 'node_modules/@net-server/rpc-rabbit'), 'dir');
  });

  afterAll(() => {
    rmSync(app, { recursive: true, force: true });
  });

  it('is found by its net_server.rpc.transports entry point and serves RpcClient and RpcServer', async () => {
    const exchange = uniqueName('ep-ex');
    const topic = uniqueName('ep');
    const conf = { transport_url: BROKER, control_exchange: exchange, driverOptions: { processname: 'rpc-rabbit-ep-test' } };
    const serverTransport = await getRpcTransport(conf, { root: app, logger: captureLogger().logger });
    const clientTransport = await getRpcTransport(conf, { root: app, logger: captureLogger().logger });
    const server = new RpcServer(serverTransport, new Target({ topic, server: 'ep1' }), [
      { add: (_context: unknown, args: { a: number; b: number }) => args.a + args.b },
    ]);
    try {
      await server.start();
      const client = new RpcClient(clientTransport, new Target({ topic }), { timeoutMs: 5000 });
      expect(await client.call({ request_id: 'req-ep' }, 'add', { a: 2, b: 3 })).toBe(5);
      const missing = await client.call({}, 'nosuch').catch((error: unknown) => error);
      expect(String(missing)).toContain('NoSuchMethod');
    } finally {
      await server.stop();
      await server.wait();
      await clientTransport.cleanup();
      await serverTransport.cleanup();
      await deleteTopology([exchange, `${topic}_fanout`], await queuesOf(topic));
    }
  });
});
