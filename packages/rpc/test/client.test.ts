import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConfigurationError,
  InvalidContext,
  InvalidTarget,
  MessagingTimeout,
  RpcClient,
  type RpcServer,
  RpcVersionCapError,
  Target,
  type RequestContext,
  type Serializer,
  type Transport,
} from '@net-server/rpc';
import { onCleanup, runCleanups, startServer, transportFor, uniqueUrl } from './helpers.js';

afterEach(async () => {
  vi.useRealTimers();
  await runCleanups();
});

async function newTransport(conf: { rpc_response_timeout?: number } = {}): Promise<Transport> {
  const transport = await transportFor(uniqueUrl(), conf);
  onCleanup(() => transport.cleanup());
  return transport;
}

function serve(transport: Transport, endpoints: object[]): Promise<RpcServer> {
  return startServer(transport, new Target({ topic: 'q-test', server: 'host-a' }), endpoints);
}

describe('RpcClient', () => {
  it('passes the context through, unknown keys included, and returns the result', async () => {
    const transport = await newTransport();
    await serve(transport, [{ whoami: (ctx: RequestContext, args: Record<string, unknown>) => ({ ctx, args }) }]);
    const context = { user_id: 'u1', project_id: 'p1', roles: ['admin'], request_id: 'req-1', some_future_key: { nested: [1, 2] } };
    const client = new RpcClient(transport, new Target({ topic: 'q-test' }));
    await expect(client.call(context, 'whoami', { value: 7 })).resolves.toEqual({ ctx: context, args: { value: 7 } });
  });

  it('applies the serializer to arguments, context and result on both sides', async () => {
    const transport = await newTransport();
    class Ctx {
      constructor(readonly user: string) {}
    }
    const serializer: Serializer = {
      serializeEntity: (_ctx, entity) => (entity instanceof Date ? { __date: entity.toISOString() } : entity),
      deserializeEntity: (_ctx, entity) =>
        typeof entity === 'object' && entity !== null && '__date' in entity ? new Date(String((entity as { __date: string }).__date)) : entity,
      serializeContext: (ctx) => ({ user: (ctx as Ctx).user }),
      deserializeContext: (raw) => new Ctx(String(raw['user'])),
    };
    const seen: unknown[] = [];
    await startServer(
      transport,
      new Target({ topic: 'dates', server: 's' }),
      [
        {
          nextDay: (ctx: unknown, args: Record<string, unknown>) => {
            seen.push(ctx, args['when']);
            return new Date((args['when'] as Date).getTime() + 86_400_000);
          },
        },
      ],
      { serializer },
    );
    const client = new RpcClient(transport, new Target({ topic: 'dates' }), { serializer });
    const result = await client.call(new Ctx('alice'), 'nextDay', { when: new Date('2024-01-01T00:00:00Z') });
    expect(result).toBeInstanceOf(Date);
    expect((result as Date).toISOString()).toBe('2024-01-02T00:00:00.000Z');
    expect(seen[0]).toBeInstanceOf(Ctx);
    expect(seen[0]).toEqual(new Ctx('alice'));
    expect(seen[1]).toBeInstanceOf(Date);
  });

  it('times out with MessagingTimeout naming the message id when nobody answers', async () => {
    const transport = await newTransport();
    const client = new RpcClient(transport, new Target({ topic: 'nobody-listens' }), { timeoutMs: 20 });
    const error = await client.call({}, 'ping').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessagingTimeout);
    const timeout = error as MessagingTimeout;
    expect(timeout.code).toBe('MessagingTimeout');
    expect(timeout.msgId).toMatch(/^[0-9a-f]{32}$/);
    expect(timeout.message).toContain(`Timed out waiting for a reply to message ID ${timeout.msgId}`);
  });

  it('uses rpc_response_timeout when the client sets no timeout', async () => {
    vi.useFakeTimers();
    const transport = await newTransport({ rpc_response_timeout: 30 });
    const server = await serve(transport, [{ slow: () => new Promise((resolve) => setTimeout(() => resolve('late'), 60_000)) }]);
    const outcome = new RpcClient(transport, new Target({ topic: 'q-test' })).call({}, 'slow').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(server.load.active).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await outcome).toBeInstanceOf(MessagingTimeout);
    await vi.advanceTimersByTimeAsync(30_000);
  });

  it('keeps a monitored call alive with server heartbeats past the monitor timeout', async () => {
    vi.useFakeTimers();
    const transport = await newTransport();
    await serve(transport, [{ slow: () => new Promise((resolve) => setTimeout(() => resolve('done'), 10_000)) }]);
    const client = new RpcClient(transport, new Target({ topic: 'q-test' }), { timeoutMs: 60_000, callMonitorTimeoutMs: 2_000 });
    const outcome = client.call({}, 'slow');
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(outcome).resolves.toBe('done');
  });

  it('still bounds a monitored call by its timeout', async () => {
    vi.useFakeTimers();
    const transport = await newTransport();
    await serve(transport, [{ slow: () => new Promise((resolve) => setTimeout(() => resolve('done'), 10_000)) }]);
    const client = new RpcClient(transport, new Target({ topic: 'q-test' }), { timeoutMs: 5_000, callMonitorTimeoutMs: 2_000 });
    const outcome = client.call({}, 'slow').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await outcome).toBeInstanceOf(MessagingTimeout);
    await vi.advanceTimersByTimeAsync(5_000);
  });

  it('refuses call on a fanout target and sends nothing without a topic', async () => {
    const transport = await newTransport();
    const fanout = new RpcClient(transport, new Target({ topic: 't', fanout: true }));
    await expect(fanout.call({}, 'm')).rejects.toThrow(InvalidTarget);
    await expect(new RpcClient(transport, new Target()).cast({}, 'm')).rejects.toMatchObject({ code: 'InvalidTarget' });
  });

  it('enforces the version cap and reports canSendVersion', async () => {
    const transport = await newTransport();
    await serve(transport, [{ target: { version: '1.9' }, m: () => 'ok' }]);
    const client = new RpcClient(transport, new Target({ topic: 'q-test', version: '1.5' }), { versionCap: '1.6' });
    expect(client.canSendVersion()).toBe(true);
    expect(client.canSendVersion('1.6')).toBe(true);
    expect(client.canSendVersion('1.7')).toBe(false);
    expect(client.canSendVersion('2.0')).toBe(false);
    await expect(client.call({}, 'm')).resolves.toBe('ok');
    const tooNew = client.prepare({ version: '1.7' });
    const error = await tooNew.call({}, 'm').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcVersionCapError);
    expect(error).toMatchObject({ code: 'RpcVersionCapError', version: '1.7', versionCap: '1.6' });
    await expect(tooNew.cast({}, 'm')).rejects.toThrow(RpcVersionCapError);
    expect(new RpcClient(transport, new Target({ topic: 'q-test' })).canSendVersion('9.9')).toBe(true);
  });

  it('prepare derives target and options without changing the original', async () => {
    const transport = await newTransport();
    const base = new RpcClient(transport, new Target({ topic: 'q-test', version: '1.0' }), { timeoutMs: 1000, versionCap: '1.3' });
    const prepared = base.prepare({ server: 'host-b', version: '1.2', timeoutMs: 50, callMonitorTimeoutMs: 20 });
    expect(prepared.target.fields()).toMatchObject({ topic: 'q-test', server: 'host-b', version: '1.2', fanout: false });
    expect(prepared).toMatchObject({ timeoutMs: 50, versionCap: '1.3', callMonitorTimeoutMs: 20 });
    expect(base.target.server).toBeUndefined();
    expect(base).toMatchObject({ timeoutMs: 1000, callMonitorTimeoutMs: undefined });
    expect(base.prepare({ versionCap: undefined }).versionCap).toBeUndefined();
    expect(() => base.prepare({ version: '1' })).toThrow(/major and minor/);
    expect(() => base.prepare({ timeoutMs: -1 })).toThrow(ConfigurationError);
  });

  it('refuses a context that is not an object with the default serializer', async () => {
    const transport = await newTransport();
    await expect(new RpcClient(transport, new Target({ topic: 't' })).cast('ctx', 'm')).rejects.toThrow(InvalidContext);
  });

  it('refuses arguments that cannot cross the wire', async () => {
    const transport = await newTransport();
    const loop: Record<string, unknown> = {};
    loop['self'] = loop;
    await expect(new RpcClient(transport, new Target({ topic: 't' })).cast({}, 'm', { loop })).rejects.toMatchObject({
      code: 'TransportError',
    });
  });
});
