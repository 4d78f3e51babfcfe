import { afterEach, describe, expect, it } from 'vitest';
import { MessagingServerError, RemoteError, RpcClient, RpcServer, Target, type Transport } from '@net-server/rpc';
import { gate, onCleanup, runCleanups, settle, startServer, transportFor, uniqueUrl, type Gate } from './helpers.js';

afterEach(runCleanups);

async function newTransport(): Promise<Transport> {
  const built = await transportFor(uniqueUrl());
  onCleanup(() => built.cleanup());
  return built;
}

/** An endpoint whose `work` calls block on gates the test opens, counting how many run at once. */
function blockingEndpoint() {
  const gates: Gate[] = [];
  const stats = { running: 0, maxRunning: 0, done: 0 };
  return {
    gates,
    stats,
    endpoint: {
      async work(_ctx: unknown, args: Record<string, unknown>) {
        const g = gate();
        gates.push(g);
        stats.running += 1;
        stats.maxRunning = Math.max(stats.maxRunning, stats.running);
        await g.promise;
        stats.running -= 1;
        stats.done += 1;
        return args['n'];
      },
    },
  };
}

describe('RpcServer', () => {
  it('stop() stops taking messages and wait() drains those in flight, which still reply', async () => {
    const transport = await newTransport();
    const { gates, stats, endpoint } = blockingEndpoint();
    const server = new RpcServer(transport, new Target({ topic: 'drain', server: 'a' }), [endpoint]);
    await server.start();
    const client = new RpcClient(transport, new Target({ topic: 'drain' }));
    const inFlight = client.call({}, 'work', { n: 1 });
    await expect.poll(() => gates.length, { interval: 1, message: 'the call to start' }).toBe(1);

    await server.stop();
    let drained = false;
    const waiting = server.wait().then(() => {
      drained = true;
    });
    const late = client.prepare({ timeoutMs: 5000 }).call({}, 'work', { n: 2 });
    await settle();
    expect(drained).toBe(false);
    expect(gates.length).toBe(1);

    gates[0]?.open();
    await expect(inFlight).resolves.toBe(1);
    await waiting;
    expect(drained).toBe(true);
    expect(stats.done).toBe(1);

    // The message sent after stop() waited in the topic queue for the next server.
    const next = new RpcServer(transport, new Target({ topic: 'drain', server: 'b' }), [{ work: () => 'next server' }]);
    await next.start();
    await expect(late).resolves.toBe('next server');
    await next.stop();
    await next.wait();
  });

  it('runs at most `concurrency` requests at once and queues the rest in order', async () => {
    const transport = await newTransport();
    const { gates, stats, endpoint } = blockingEndpoint();
    const server = await startServer(transport, new Target({ topic: 'bound', server: 'a' }), [endpoint], { concurrency: 2 });
    const client = new RpcClient(transport, new Target({ topic: 'bound' }));
    const calls = [1, 2, 3, 4, 5].map((n) => client.call({}, 'work', { n }));
    await expect.poll(() => server.load.active + server.load.queued, { interval: 1, message: 'all five requests to arrive' }).toBe(5);
    expect(server.load).toEqual({ active: 2, queued: 3 });
    expect(gates.length).toBe(2);
    for (let opened = 0; opened < 5; opened += 1) {
      await expect.poll(() => gates.length, { interval: 1, message: `request ${opened + 1} to start` }).toBeGreaterThan(opened);
      expect(stats.running).toBeLessThanOrEqual(2);
      gates[opened]?.open();
    }
    await expect(Promise.all(calls)).resolves.toEqual([1, 2, 3, 4, 5]);
    expect(stats.maxRunning).toBe(2);
  });

  it('handles casts without replying and keeps serving after a failing cast', async () => {
    const transport = await newTransport();
    const seen: number[] = [];
    await startServer(transport, new Target({ topic: 'casts', server: 'a' }), [
      {
        record: (_ctx: unknown, args: Record<string, unknown>) => {
          seen.push(Number(args['n']));
        },
        explode: () => {
          throw new Error('boom');
        },
        count: () => seen.length,
      },
    ]);
    const client = new RpcClient(transport, new Target({ topic: 'casts' }));
    await client.cast({}, 'explode');
    await client.cast({}, 'record', { n: 1 });
    await expect.poll(() => seen.length, { interval: 1, message: 'the cast' }).toBe(1);
    await expect(client.call({}, 'count')).resolves.toBe(1);
  });

  it('ends a call whose result cannot cross the wire with a failure instead of leaving it to time out', async () => {
    const transport = await newTransport();
    await startServer(transport, new Target({ topic: 'unsendable', server: 'a' }), [{ big: () => 10n }]);
    const error = await new RpcClient(transport, new Target({ topic: 'unsendable' })).call({}, 'big').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ excType: 'TransportError' });
    expect((error as RemoteError).value).toMatch(/not JSON-serialisable/);
  });

  it('start() and stop() are idempotent, and a stopped server can start again', async () => {
    const transport = await newTransport();
    const server = new RpcServer(transport, new Target({ topic: 'restart', server: 'a' }), [{ ping: () => 'pong' }]);
    await Promise.all([server.start(), server.start()]);
    const client = new RpcClient(transport, new Target({ topic: 'restart' }));
    await expect(client.call({}, 'ping')).resolves.toBe('pong');
    await server.stop();
    await server.stop();
    await server.wait();
    await server.start();
    await expect(client.call({}, 'ping')).resolves.toBe('pong');
    await server.stop();
    await server.wait();
  });

  it('refuses a target without topic or server, and a bad concurrency', async () => {
    const transport = await newTransport();
    expect(() => new RpcServer(transport, new Target({ topic: 't' }), [])).toThrow(/topic and server/);
    expect(() => new RpcServer(transport, new Target({ topic: 't', server: 's' }), [], { concurrency: 0 })).toThrow(MessagingServerError);
  });
});
