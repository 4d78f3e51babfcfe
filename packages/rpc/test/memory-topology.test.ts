import { afterEach, describe, expect, it } from 'vitest';
import { MessagingTimeout, RpcClient, Target, type RpcServer, type Transport } from '@net-server/rpc';
import { onCleanup, runCleanups, settle, startServer, transportFor, uniqueUrl } from './helpers.js';

afterEach(runCleanups);

async function transport(url: string, controlExchange?: string): Promise<Transport> {
  const built = await transportFor(url, controlExchange === undefined ? {} : { control_exchange: controlExchange });
  onCleanup(() => built.cleanup());
  return built;
}

/** A server on `topic` named `name` that records which of its methods ran. */
async function recordingServer(on: Transport, topic: string, name: string, log: string[]): Promise<RpcServer> {
  return startServer(on, new Target({ topic, server: name }), [
    {
      whoami: () => name,
      note: (_ctx: unknown, args: Record<string, unknown>) => {
        log.push(`${name}:${String(args['n'])}`);
      },
    },
  ]);
}

describe('memory:// topology', () => {
  it('lets two transports built from one URL talk, and keeps other URLs apart', async () => {
    const url = uniqueUrl();
    const serverSide = await transport(url);
    const clientSide = await transport(url);
    const elsewhere = await transport(uniqueUrl());
    await recordingServer(serverSide, 'shared', 'a', []);
    await expect(new RpcClient(clientSide, new Target({ topic: 'shared' })).call({}, 'whoami')).resolves.toBe('a');
    await expect(new RpcClient(elsewhere, new Target({ topic: 'shared' }), { timeoutMs: 20 }).call({}, 'whoami')).rejects.toThrow(MessagingTimeout);
  });

  it('round-robins a topic among its servers', async () => {
    const on = await transport(uniqueUrl());
    for (const name of ['a', 'b', 'c']) await recordingServer(on, 'rr', name, []);
    const client = new RpcClient(on, new Target({ topic: 'rr' }));
    const answers: unknown[] = [];
    for (let i = 0; i < 6; i += 1) answers.push(await client.call({}, 'whoami'));
    expect([...answers].sort()).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
    expect(new Set(answers.slice(0, 3)).size).toBe(3);
  });

  it('sends server-directed messages to that server only', async () => {
    const on = await transport(uniqueUrl());
    const log: string[] = [];
    for (const name of ['a', 'b', 'c']) await recordingServer(on, 'direct', name, log);
    const toB = new RpcClient(on, new Target({ topic: 'direct', server: 'b' }));
    for (let i = 0; i < 4; i += 1) expect(await toB.call({}, 'whoami')).toBe('b');
    await toB.cast({}, 'note', { n: 1 });
    await expect.poll(() => log.length, { interval: 1, message: 'the cast to b' }).toBe(1);
    expect(log).toEqual(['b:1']);
  });

  it('fans a cast out to every server on the topic', async () => {
    const on = await transport(uniqueUrl());
    const log: string[] = [];
    for (const name of ['a', 'b', 'c']) await recordingServer(on, 'fan', name, log);
    await recordingServer(on, 'other-topic', 'z', log);
    await new RpcClient(on, new Target({ topic: 'fan', fanout: true })).cast({}, 'note', { n: 7 });
    await expect.poll(() => log.length, { interval: 1, message: 'fanout deliveries' }).toBeGreaterThanOrEqual(3);
    await settle();
    expect([...log].sort()).toEqual(['a:7', 'b:7', 'c:7']);
  });

  it('isolates control exchanges, and honours an exchange named by the target', async () => {
    const url = uniqueUrl();
    const neutron = await transport(url, 'neutron');
    const nova = await transport(url, 'nova');
    await recordingServer(neutron, 'q-plugin', 'n1', []);
    await expect(new RpcClient(nova, new Target({ topic: 'q-plugin' }), { timeoutMs: 20 }).call({}, 'whoami')).rejects.toThrow(MessagingTimeout);
    await expect(new RpcClient(nova, new Target({ topic: 'q-plugin', exchange: 'neutron' })).call({}, 'whoami')).resolves.toBe('n1');
  });

  it('keeps messages for a topic queue while no server consumes it', async () => {
    const on = await transport(uniqueUrl());
    const log: string[] = [];
    const first = await recordingServer(on, 'durable', 'a', log);
    await first.stop();
    await first.wait();
    await new RpcClient(on, new Target({ topic: 'durable' })).cast({}, 'note', { n: 1 });
    await settle();
    expect(log).toEqual([]);
    await recordingServer(on, 'durable', 'b', log);
    await expect.poll(() => log.length, { interval: 1, message: 'the kept message' }).toBe(1);
    expect(log).toEqual(['b:1']);
  });

  it('rejects pending calls and further use after cleanup', async () => {
    const url = uniqueUrl();
    const on = await transportFor(url);
    const pending = new RpcClient(on, new Target({ topic: 'void' })).call({}, 'm').catch((e: unknown) => e);
    await on.cleanup();
    expect(await pending).toMatchObject({ code: 'TransportClosed' });
    await expect(new RpcClient(on, new Target({ topic: 'void' })).cast({}, 'm')).rejects.toMatchObject({ code: 'TransportClosed' });
  });
});
