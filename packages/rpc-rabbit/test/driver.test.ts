import { MessagingTimeout, Target } from '@net-server/rpc';
import { afterEach, describe, expect, it } from 'vitest';
import { collector, deleteTopology, makeDriver, queuesOf, unawaited, uniqueName, type TestDriver } from './helpers.js';

describe('rabbit driver: calls, casts and fanout', () => {
  const drivers: TestDriver[] = [];
  const exchanges: string[] = [];
  const queues: string[] = [];

  function setup(): { exchange: string; topic: string; open: (options?: Record<string, string | number | boolean>) => TestDriver } {
    const exchange = uniqueName('ex');
    const topic = uniqueName('topic');
    exchanges.push(exchange, `${topic}_fanout`);
    queues.push(topic);
    const open = (options: Record<string, string | number | boolean> = {}): TestDriver => {
      const made = makeDriver(exchange, options);
      drivers.push(made);
      return made;
    };
    return { exchange, topic, open };
  }

  afterEach(async () => {
    await Promise.all(drivers.splice(0).map(({ driver }) => driver.cleanup()));
    const extra: string[] = [];
    for (const queue of queues) extra.push(...(await queuesOf(queue)));
    await deleteTopology(exchanges.splice(0), [...queues.splice(0), ...extra]);
  });

  it('answers a call with the result, carrying context both ways', async () => {
    const { topic, open } = setup();
    const server = open();
    const client = open();
    const { received, handler } = collector((incoming) => ({ value: incoming.message.args['value'], project: incoming.context['project_id'] }));
    await server.driver.listen(new Target({ topic, server: 'host1' }), handler);
    const reply = await client.driver.send(
      new Target({ topic, version: '1.0' }),
      { project_id: 'p1', custom_key: { nested: true } },
      { method: 'echo', args: { value: 7 }, version: '1.0' },
      { waitForReply: true, timeoutMs: 5000 },
    );
    expect(reply).toEqual({ result: { value: 7, project: 'p1' } });
    expect(received[0]?.context).toEqual({ project_id: 'p1', custom_key: { nested: true } });
    expect(received[0]?.message).toEqual({ method: 'echo', args: { value: 7 }, version: '1.0' });
  });

  it('routes to one server by target.server and casts without a reply', async () => {
    const { topic, open } = setup();
    const client = open();
    const one = collector(() => 'one');
    const two = collector(() => 'two');
    await open().driver.listen(new Target({ topic, server: 'h1' }), one.handler);
    await open().driver.listen(new Target({ topic, server: 'h2' }), two.handler);
    for (let i = 0; i < 3; i += 1) {
      const reply = await client.driver.send(new Target({ topic, server: 'h2' }), {}, { method: 'who', args: {} }, { waitForReply: true, timeoutMs: 5000 });
      expect(reply).toEqual({ result: 'two' });
    }
    expect(one.received).toHaveLength(0);
    const cast = await client.driver.send(new Target({ topic, server: 'h1' }), {}, { method: 'note', args: { n: 1 } }, { waitForReply: false });
    expect(cast).toBeUndefined();
    await expect.poll(() => one.received.length, { timeout: 5000, message: 'the cast' }).toBe(1);
    expect(one.received[0]?.expectsReply).toBe(false);
  });

  it('delivers a fanout cast to every server of the topic', async () => {
    const { topic, open } = setup();
    const servers = [collector(), collector(), collector()];
    for (const [index, server] of servers.entries()) await open().driver.listen(new Target({ topic, server: `h${index}` }), server.handler);
    await open().driver.send(new Target({ topic, fanout: true }), {}, { method: 'notify', args: { x: 1 } }, { waitForReply: false });
    await expect.poll(() => servers.every((server) => server.received.length === 1), { timeout: 5000, message: 'fanout to all servers' }).toBe(true);
  });

  it('rejects a call nobody answers with MessagingTimeout', async () => {
    const { topic, open } = setup();
    const client = open();
    const error = await client.driver
      .send(new Target({ topic }), {}, { method: 'echo', args: {} }, { waitForReply: true, timeoutMs: 300 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MessagingTimeout);
    expect(String((error as Error).message)).toMatch(/Timed out waiting for a reply to message ID [0-9a-f]{32}/);
  });

  it('keeps a monitored call alive with heartbeats and fails it when they stop', async () => {
    const { topic, open } = setup();
    const server = open();
    const client = open();
    await server.driver.listen(new Target({ topic, server: 'h' }), (incoming) => {
      const delay = Number(incoming.message.args['delay']);
      const beat = incoming.message.args['beat'] === true;
      const timer = beat ? setInterval(() => unawaited(incoming.heartbeat()), (incoming.callMonitorTimeoutMs ?? 1000) / 2) : undefined;
      setTimeout(() => {
        clearInterval(timer);
        unawaited(incoming.reply({ result: 'done' }));
      }, delay);
    });
    const beating = await client.driver.send(
      new Target({ topic }),
      {},
      { method: 'slow', args: { delay: 1200, beat: true } },
      { waitForReply: true, timeoutMs: 10_000, callMonitorTimeoutMs: 400 },
    );
    expect(beating).toEqual({ result: 'done' });
    const silent = await client.driver
      .send(
        new Target({ topic }),
        {},
        { method: 'slow', args: { delay: 3000, beat: false } },
        { waitForReply: true, timeoutMs: 10_000, callMonitorTimeoutMs: 400 },
      )
      .catch((caught: unknown) => caught);
    expect(silent).toBeInstanceOf(MessagingTimeout);
  });

  it('drops a reply nobody waits for with a debug log', async () => {
    const { topic, open } = setup();
    const server = open();
    const client = open();
    let release: (() => void) | undefined;
    await server.driver.listen(new Target({ topic, server: 'h' }), (incoming) => {
      release = () => unawaited(incoming.reply({ result: 'late' }));
    });
    const late = await client.driver
      .send(new Target({ topic }), {}, { method: 'slow', args: {} }, { waitForReply: true, timeoutMs: 300 })
      .catch((caught: unknown) => caught);
    expect(late).toBeInstanceOf(MessagingTimeout);
    release?.();
    await expect
      .poll(() => client.lines.some((line) => line.level === 'debug' && line.msg.includes('No call waiting')), { timeout: 5000, message: 'the drop log' })
      .toBe(true);
  });
});
