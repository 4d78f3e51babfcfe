import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { RpcClient, Target, createConnection, type Transport } from '@net-server/rpc';
import { gate, transportFor, uniqueUrl } from './helpers.js';

let transport: Transport;

afterEach(async () => {
  await transport.cleanup();
});

describe('createConnection', () => {
  it('creates consumers on this host, starts them with consume() and drains them on close()', async () => {
    transport = await transportFor(uniqueUrl());
    const connection = createConnection(transport);
    const notified: string[] = [];
    const release = gate();
    connection.createConsumer('q-plugin', [
      {
        target: { version: '1.9' },
        get_device_details: async () => {
          await release.promise;
          return { device: 'tap1' };
        },
      },
    ]);
    connection.createConsumer(
      'q-agent-notifier-port-update',
      [
        {
          port_update: (_ctx: unknown, args: Record<string, unknown>) => {
            notified.push(String(args['port_id']));
          },
        },
      ],
      { fanout: true, server: 'agent-1' },
    );

    const servers = await connection.consume();
    expect(servers.map((server) => server.target.fields())).toEqual([
      { topic: 'q-plugin', server: hostname(), fanout: false, exchange: undefined, version: undefined, namespace: undefined },
      { topic: 'q-agent-notifier-port-update', server: 'agent-1', fanout: true, exchange: undefined, version: undefined, namespace: undefined },
    ]);

    await new RpcClient(transport, new Target({ topic: 'q-agent-notifier-port-update', fanout: true })).cast({}, 'port_update', { port_id: 'p1' });
    await expect.poll(() => notified.length, { interval: 1, message: 'the fanout notification' }).toBe(1);
    expect(notified).toEqual(['p1']);

    const pending = new RpcClient(transport, new Target({ topic: 'q-plugin', version: '1.5' })).call({}, 'get_device_details', { device: 'tap1' });
    await expect.poll(() => servers[0]?.load.active, { interval: 1, message: 'the call to start' }).toBe(1);
    let closed = false;
    const closing = connection.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    release.open();
    await expect(pending).resolves.toEqual({ device: 'tap1' });
    await closing;
    expect(closed).toBe(true);
  });
});
