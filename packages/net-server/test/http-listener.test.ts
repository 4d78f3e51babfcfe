import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { HttpListener } from '../src/service/http-listener.js';

describe("the API's HTTP listener (net-server start's)", () => {
  it('cuts off a client that never finishes its headers after 30 s, and keeps serving others', { timeout: 45_000 }, async () => {
    const listener = new HttpListener((_req, res) => res.end('ok'), {
      host: '127.0.0.1',
      port: 0,
      backlog: 16,
      keepAlive: true,
      keepAliveTimeout: 900,
      maxHeaderSize: 16384,
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
      expect(closedAfter).toBeGreaterThanOrEqual(29_000);
      expect(closedAfter).toBeLessThan(40_000);
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    } finally {
      listener.abort();
    }
  });
});
