import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { getRpcTransport, type Transport } from '@net-server/rpc';
import { rabbitDriver } from '@net-server/rpc-rabbit';
import { afterAll, beforeAll } from 'vitest';
import { logger } from './helpers.js';

const run = promisify(execFile);

/**
 * A RabbitMQ vhost of this test file's own (queue names are topic names,
 * shared across exchanges, so another suite's q-plugin server must never
 * see our calls), removed afterwards; each test adds its own control exchange.
 */
export function brokerVhost(): { transport: () => Promise<Transport>; url: string } {
  const vhost = `ml2-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const url = `rabbit://guest:guest@127.0.0.1:5672/${vhost}`;
  const transports: Transport[] = [];
  beforeAll(async () => {
    await run('rabbitmqctl', ['-q', 'add_vhost', vhost], { timeout: 30_000 });
    await run('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { timeout: 30_000 });
  });
  afterAll(async () => {
    for (const transport of transports.splice(0)) await transport.cleanup();
    await run('rabbitmqctl', ['-q', 'delete_vhost', vhost], { timeout: 30_000 });
  });
  return {
    url,
    transport: async () => {
      const transport = await getRpcTransport(
        { transport_url: url, control_exchange: `ml2-${randomBytes(4).toString('hex')}`, rpc_response_timeout: 20 },
        { drivers: { rabbit: rabbitDriver }, logger },
      );
      transports.push(transport);
      return transport;
    },
  };
}

/** How long a notification may take to reach a listener over the broker (expect.poll's options), checked every 20 ms. */
export const BROKER_DELIVERY = { timeout: 10_000, interval: 20 };
