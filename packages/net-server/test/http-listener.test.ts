import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createApiHttpServer } from '../src/api/http-server.js';
import { HttpListener } from '../src/service/http-listener.js';

describe("the API's HTTP listener (net-server start's)", () => {
  it('gives a client 30 s for its headers and 60 s for a whole request', () => {
    const server = createApiHttpServer(() => undefined, { maxHeaderSize: 16384, keepAliveTimeoutMs: 900_000 });
    expect([server.headersTimeout, server.requestTimeout]).toEqual([30_000, 60_000]);
  });

  it('cuts off a client that never finishes its headers once its time is up, and keeps serving others', async () => {
    const listener = new HttpListener((_req, res) => res.end('ok'), {
      host: '127.0.0.1',
      port: 0,
      backlog: 16,
      keepAlive: true,
      keepAliveTimeout: 900,
      maxHeaderSize: 16384,
      // 30 s by default (above): the same cut-off, sooner.
      headersTimeoutMs: 1_500,
    });
    await listener.listen();
    const { port } = listener.address!;
    try {
      const started = Date.now();
      const closedAfter = await new Promise<number>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => socket.write('GET /v2.0/networks HTTP/1.1\r\nHost: x\r\n'));
        socket.on('data', () => undefined);
        socket.on('close', () => resolve(Date.now() - started));
        socket.on('error', () => undefined);
      });
      // Node checks the timeouts once a second (connectionsCheckingInterval).
      expect(closedAfter).toBeGreaterThanOrEqual(1_400);
      expect(closedAfter).toBeLessThan(10_000);
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    } finally {
      listener.abort();
    }
  });
});
