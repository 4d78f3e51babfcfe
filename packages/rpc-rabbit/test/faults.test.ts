import { MessagingTimeout, Target, TransportError } from '@net-server/rpc';
import { MessageDeliveryFailure } from '@net-server/rpc-rabbit';
import { afterEach, describe, expect, it } from 'vitest';
import amqplib from 'amqplib';
import {
  AMQP_URL,
  closeConnections,
  collector,
  connectionPids,
  deleteTopology,
  listRows,
  makeDriver,
  queuesOf,
  rabbitmqctl,
  unawaited,
  uniqueName,
  type TestDriver,
} from './helpers.js';

const fast = { kombu_reconnect_delay: 0.2, rabbit_retry_interval: 0.2, rabbit_retry_backoff: 0.2, rabbit_interval_max: 1 };

type Outcome = 'ok' | 'timeout' | 'transport' | 'other' | 'hung';

/** Settles a call and classifies it; a call still pending well after its timeout counts as hung. */
async function outcome(call: Promise<unknown>, timeoutMs: number): Promise<Outcome> {
  let guard: NodeJS.Timeout | undefined;
  const hung = new Promise<Outcome>((resolve) => {
    guard = setTimeout(() => resolve('hung'), timeoutMs + 5000);
  });
  const settled = call.then(
    (): Outcome => 'ok',
    (error: unknown): Outcome => (error instanceof MessagingTimeout ? 'timeout' : error instanceof TransportError ? 'transport' : 'other'),
  );
  const result = await Promise.race([settled, hung]);
  clearTimeout(guard);
  return result;
}

describe('rabbit driver: connection faults', { timeout: 120_000 }, () => {
  const drivers: TestDriver[] = [];
  const exchanges: string[] = [];
  const topics: string[] = [];

  afterEach(async () => {
    await Promise.all(drivers.splice(0).map(({ driver }) => driver.cleanup()));
    const queues: string[] = [];
    for (const topic of topics) queues.push(...(await queuesOf(topic)));
    await deleteTopology([...exchanges.splice(0), ...topics.map((topic) => `${topic}_fanout`)], queues);
    topics.length = 0;
  });

  function names(): { exchange: string; topic: string; prefix: string } {
    const exchange = uniqueName('fault-ex');
    const topic = uniqueName('fault');
    exchanges.push(exchange);
    topics.push(topic);
    return { exchange, topic, prefix: uniqueName('fault-proc') };
  }

  function open(exchange: string, processname: string, extra: Record<string, string | number | boolean> = {}, url?: string): TestDriver {
    const made = makeDriver(exchange, { ...fast, processname, ...extra }, url);
    drivers.push(made);
    return made;
  }

  it('reconnects server and client after the broker closes their connections under load', async () => {
    const { exchange, topic, prefix } = names();
    const server = open(exchange, `${prefix}-srv`);
    const client = open(exchange, `${prefix}-cli`);
    const served = collector((incoming) => incoming.message.args['i']);
    await server.driver.listen(new Target({ topic, server: 'h' }), served.handler);
    await client.driver.send(new Target({ topic }), {}, { method: 'warmup', args: {} }, { waitForReply: true, timeoutMs: 5000 });
    expect(await connectionPids(prefix)).toHaveLength(4);

    const total = 400;
    const inFlight = 8;
    const timeoutMs = 10_000;
    const outcomes: Outcome[] = [];
    let next = 0;
    let closed = 0;
    const worker = async (): Promise<void> => {
      while (next < total) {
        const i = next;
        next += 1;
        if (i === 100) closed = await closeConnections(prefix);
        outcomes.push(await outcome(client.driver.send(new Target({ topic }), {}, { method: 'n', args: { i } }, { waitForReply: true, timeoutMs }), timeoutMs));
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));

    expect(closed).toBe(4);
    expect(outcomes).toHaveLength(total);
    expect(outcomes.filter((result) => result === 'hung' || result === 'other')).toEqual([]);
    // Most calls went through; those caught by the loss ended in a clear error.
    expect(outcomes.filter((result) => result === 'ok').length).toBeGreaterThan(total / 2);
    expect(outcomes.slice(-50).every((result) => result === 'ok')).toBe(true);

    for (const { lines } of [server, client]) expect(lines.some((line) => line.msg === 'AMQP connection lost; reconnecting')).toBe(true);
    expect(await connectionPids(prefix)).toHaveLength(4);
    // The fanout queue came back under the same name and still gets fanout casts.
    const before = served.received.length;
    await client.driver.send(new Target({ topic, fanout: true }), {}, { method: 'f', args: {} }, { waitForReply: false });
    await expect.poll(() => served.received.length, { timeout: 5000, message: 'the fanout cast after reconnect' }).toBe(before + 1);
  });

  it('finishes a call in flight while both sides lose their connections', async () => {
    const { exchange, topic, prefix } = names();
    const server = open(exchange, `${prefix}-srv`);
    const client = open(exchange, `${prefix}-cli`);
    let answer: (() => void) | undefined;
    await server.driver.listen(new Target({ topic, server: 'h' }), (incoming) => {
      answer = () => unawaited(incoming.reply({ result: 'after the storm' }));
    });
    const call = client.driver.send(new Target({ topic }), {}, { method: 'slow', args: {} }, { waitForReply: true, timeoutMs: 15_000 });
    await expect.poll(() => answer, { timeout: 5000, message: 'the request at the server' }).toBeDefined();
    // The server's publishing connection opens with its first reply: three so far.
    expect(await closeConnections(prefix)).toBe(3);
    answer?.();
    expect(await call).toEqual({ result: 'after the storm' });
  });

  it('declares its queues again when they are deleted under it', async () => {
    const { exchange, topic, prefix } = names();
    const server = open(exchange, `${prefix}-srv`);
    const client = open(exchange, `${prefix}-cli`);
    await server.driver.listen(new Target({ topic, server: 'h' }), collector(() => 'back').handler);
    const call = () => client.driver.send(new Target({ topic }), {}, { method: 'x', args: {} }, { waitForReply: true, timeoutMs: 10_000 });
    expect(await call()).toEqual({ result: 'back' });
    const raw = await amqplib.connect(AMQP_URL);
    const channel = await raw.createChannel();
    await channel.deleteQueue(topic);
    await channel.deleteQueue(client.driver.replyQueue);
    await raw.close();
    await expect
      .poll(
        () =>
          server.lines.some((line) => line.msg.startsWith('The broker cancelled a consumer')) &&
          client.lines.some((line) => line.msg.startsWith('The broker cancelled the reply consumer')),
        { timeout: 10_000, message: 'the cancel notifications' },
      )
      .toBe(true);
    // Both queues come back on the broker, then calls flow again.
    await expect
      .poll(async () => (await listRows('list_queues', 'name')).map((row) => row[0]), { timeout: 10_000, interval: 100 })
      .toEqual(expect.arrayContaining([topic, client.driver.replyQueue]));
    const answer = await call();
    expect(answer).toEqual({ result: 'back' });
  });

  it('consumes again within a moment of its vhost being created again, however long it was gone', async () => {
    const { exchange, topic, prefix } = names();
    const vhost = uniqueName('fault-vhost');
    const createVhost = async (): Promise<void> => {
      await rabbitmqctl('add_vhost', vhost);
      await rabbitmqctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*');
    };
    await createVhost();
    try {
      // oslo's default backoff (1 s, then 3 s, 5 s... between attempts), as a deployment has it.
      const slow = { kombu_reconnect_delay: 1, rabbit_retry_interval: 1, rabbit_retry_backoff: 2, rabbit_interval_max: 30 };
      const url = `rabbit://guest:guest@127.0.0.1:5672/${vhost}`;
      const server = open(exchange, `${prefix}-srv`, slow, url);
      const client = open(exchange, `${prefix}-cli`, slow, url);
      await server.driver.listen(new Target({ topic, server: 'h' }), collector(() => 'back').handler);
      const call = (timeoutMs: number) => client.driver.send(new Target({ topic }), {}, { method: 'x', args: {} }, { waitForReply: true, timeoutMs });
      expect(await call(5000)).toEqual({ result: 'back' });
      await rabbitmqctl('delete_vhost', vhost);
      await expect
        .poll(() => server.lines.some((line) => line.msg === 'AMQP connection failed'), { timeout: 10_000, message: 'a refused reconnect' })
        .toBe(true);
      // Long enough for the backoff to be several seconds between attempts by now.
      await new Promise((resolve) => setTimeout(resolve, 4000));
      await createVhost();
      const back = Date.now();
      await expect
        .poll(() => server.lines.filter((line) => line.msg === 'Connected to AMQP broker').length, { timeout: 10_000, message: 'the server connected again' })
        .toBeGreaterThanOrEqual(3);
      // The server polls a missing vhost instead of backing off: it is consuming within a moment. Backing off, its next
      // attempt would be 5 s or more after the last one by now; the bound leaves a loaded CI machine room below that.
      expect(Date.now() - back).toBeLessThan(4000);
      // The server says it connected before it has declared its queues again; a call sent in between is routed to no
      // queue and lost, as with oslo. So ask until one is answered.
      await expect
        .poll(() => call(1000).catch(() => undefined), { timeout: 10_000, message: 'a call answered after the reconnect' })
        .toEqual({ result: 'back' });
      // Said once while polling, not at every attempt.
      const refusals = server.lines.filter((line) => line.msg === 'AMQP connection failed');
      expect(refusals.length).toBeLessThanOrEqual(2);
      expect(refusals[0]?.fields['hint']).toBe('the virtual host does not exist: retrying until it is created');
    } finally {
      await rabbitmqctl('delete_vhost', vhost).catch(() => undefined);
    }
  });

  it('fails over to the next broker host', async () => {
    const { exchange, topic, prefix } = names();
    const url = 'rabbit://guest:guest@127.0.0.1:1,guest:guest@127.0.0.1:5672/';
    const server = open(exchange, `${prefix}-srv`, {}, url);
    const client = open(exchange, `${prefix}-cli`, {}, url);
    await server.driver.listen(new Target({ topic, server: 'h' }), collector(() => 'via failover').handler);
    for (let i = 0; i < 4; i += 1) {
      expect(await client.driver.send(new Target({ topic }), {}, { method: 'x', args: {} }, { waitForReply: true, timeoutMs: 10_000 })).toEqual({
        result: 'via failover',
      });
    }
  });

  it('reports an unreachable broker as a clear error at the deadline, passwords masked', async () => {
    const { exchange, topic, prefix } = names();
    const client = open(exchange, `${prefix}-cli`, {}, 'rabbit://guest:sekrit-pw-123@127.0.0.1:5672/');
    const error = await client.driver
      .send(new Target({ topic }), {}, { method: 'x', args: {} }, { waitForReply: false, timeoutMs: 1500 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MessageDeliveryFailure);
    expect((error as Error).message).toContain('No connection to the AMQP broker (guest@127.0.0.1:5672/)');
    const failures = client.lines.filter((line) => line.msg === 'AMQP connection failed');
    expect(failures.length).toBeGreaterThan(0);
    expect(String(failures[0]?.fields['error'])).toContain('ACCESS_REFUSED');
    const call = await client.driver
      .send(new Target({ topic }), {}, { method: 'x', args: {} }, { waitForReply: true, timeoutMs: 1000 })
      .catch((caught: unknown) => caught);
    expect(call).toBeInstanceOf(MessageDeliveryFailure);
    expect(JSON.stringify(client.lines)).not.toContain('sekrit-pw-123');
    expect((error as Error).message).not.toContain('sekrit-pw-123');
  });
});
