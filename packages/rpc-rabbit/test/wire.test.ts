import { Target, type IncomingMessage } from '@net-server/rpc';
import amqplib, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AMQP_URL, deleteTopology, makeDriver, queuesOf, unawaited, uniqueName, type TestDriver } from './helpers.js';

const HEX32 = /^[0-9a-f]{32}$/;
/** A remote failure as the server sends it, and as it must arrive. */
const NETWORK_NOT_FOUND = {
  class: 'NetworkNotFound',
  module: 'neutron_lib.exceptions',
  message: 'Network n1 could not be found.',
  tb: [],
  args: [],
  kwargs: { net_id: 'n1' },
};

function envelope(body: Buffer): Record<string, unknown> {
  const outer = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  expect(Object.keys(outer).sort()).toEqual(['oslo.message', 'oslo.version']);
  expect(outer['oslo.version']).toBe('2.0');
  expect(typeof outer['oslo.message']).toBe('string');
  return JSON.parse(outer['oslo.message'] as string) as Record<string, unknown>;
}

function wrap(message: Record<string, unknown>): Buffer {
  return Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': JSON.stringify(message) }));
}

const pythonProperties = { contentType: 'application/json', contentEncoding: 'utf-8', deliveryMode: 2, priority: 0, headers: {} };

describe('rabbit driver: wire format against a raw AMQP peer', () => {
  let raw: ChannelModel;
  let channel: Channel;
  let exchange: string;
  let topic: string;
  const drivers: TestDriver[] = [];
  const extraQueues: string[] = [];

  beforeEach(async () => {
    raw = await amqplib.connect(AMQP_URL);
    channel = await raw.createChannel();
    exchange = uniqueName('wire-ex');
    topic = uniqueName('wire');
  });

  afterEach(async () => {
    await Promise.all(drivers.splice(0).map(({ driver }) => driver.cleanup()));
    await raw.close();
    await deleteTopology([exchange, `${topic}_fanout`], [topic, ...(await queuesOf(topic)), ...extraQueues.splice(0)]);
  });

  function open(): TestDriver {
    const made = makeDriver(exchange);
    drivers.push(made);
    return made;
  }

  /** A raw "server": the topic queue as oslo declares it, every delivery kept. */
  async function rawServer(queue: string, source: string, key: string): Promise<ConsumeMessage[]> {
    const got: ConsumeMessage[] = [];
    await channel.assertQueue(queue, { durable: false, autoDelete: false });
    await channel.bindQueue(queue, source, key);
    await channel.consume(
      queue,
      (message) => {
        if (message !== null) got.push(message);
      },
      { noAck: true },
    );
    return got;
  }

  it('sends calls as oslo.messaging does and takes its replies', async () => {
    const client = open();
    await channel.assertExchange(exchange, 'topic', { durable: false, autoDelete: false });
    const got = await rawServer(topic, exchange, topic);
    const call = client.driver.send(
      new Target({ topic, version: '1.3' }),
      { user_id: 'u1', project_id: 'p1', roles: ['admin'], request_id: 'req-1', some_future_key: 42 },
      { method: 'echo', args: { value: 7 }, version: '1.3' },
      { waitForReply: true, timeoutMs: 5000 },
    );
    await expect.poll(() => got.length, { timeout: 5000, message: 'the call on the raw queue' }).toBe(1);
    const request = got[0] as ConsumeMessage;
    expect(request.fields.exchange).toBe(exchange);
    expect(request.fields.routingKey).toBe(topic);
    expect(request.properties).toMatchObject({ ...pythonProperties, expiration: '5000' });
    const message = envelope(request.content);
    expect(message).toEqual({
      method: 'echo',
      args: { value: 7 },
      version: '1.3',
      _msg_id: expect.stringMatching(HEX32),
      _reply_q: client.driver.replyQueue,
      _timeout: null,
      _unique_id: expect.stringMatching(HEX32),
      _context_user_id: 'u1',
      _context_project_id: 'p1',
      _context_roles: ['admin'],
      _context_request_id: 'req-1',
      _context_some_future_key: 42,
    });
    // Old oslo servers send the result first and an empty `ending` reply after it.
    const replyTo = message['_reply_q'] as string;
    const msgId = message['_msg_id'] as string;
    channel.publish('', replyTo, wrap({ result: { value: 7 }, failure: null, ending: false, _msg_id: msgId, _unique_id: 'a'.repeat(32) }), pythonProperties);
    channel.publish('', replyTo, wrap({ result: null, failure: null, ending: true, _msg_id: msgId, _unique_id: 'b'.repeat(32) }), pythonProperties);
    expect(await call).toEqual({ result: { value: 7 } });
  });

  it('decodes failure replies from a Python server', async () => {
    const client = open();
    await channel.assertExchange(exchange, 'topic', { durable: false, autoDelete: false });
    const got = await rawServer(topic, exchange, topic);
    const call = client.driver.send(new Target({ topic }), {}, { method: 'nosuch', args: {} }, { waitForReply: true, timeoutMs: 5000 });
    await expect.poll(() => got.length, { timeout: 5000, message: 'the call' }).toBe(1);
    const message = envelope((got[0] as ConsumeMessage).content);
    const failure = {
      class: 'NoSuchMethod',
      module: 'oslo_messaging.rpc.dispatcher',
      message: 'Endpoint does not support RPC method nosuch',
      tb: ['Traceback (most recent call last):\n', '  File "x.py", line 1\n'],
      args: ['Endpoint does not support RPC method nosuch'],
      kwargs: {},
    };
    channel.publish(
      '',
      message['_reply_q'] as string,
      wrap({ result: null, failure: JSON.stringify(failure), ending: true, _msg_id: message['_msg_id'], _unique_id: 'c'.repeat(32) }),
      pythonProperties,
    );
    expect(await call).toEqual({ failure });
  });

  it('sends casts and fanout casts without reply fields', async () => {
    const client = open();
    await channel.assertExchange(exchange, 'topic', { durable: false, autoDelete: false });
    await channel.assertExchange(`${topic}_fanout`, 'fanout', { durable: false, autoDelete: true });
    const direct = await rawServer(`${topic}.host`, exchange, `${topic}.host`);
    extraQueues.push(`${topic}.host`);
    const fanout = await rawServer(`${topic}_fanout_raw`, `${topic}_fanout`, topic);
    extraQueues.push(`${topic}_fanout_raw`);
    await client.driver.send(new Target({ topic, server: 'host' }), { a: 1 }, { method: 'note', args: { n: 1 } }, { waitForReply: false });
    await client.driver.send(new Target({ topic, fanout: true }), {}, { method: 'bcast', args: {}, namespace: 'ns' }, { waitForReply: false });
    await expect.poll(() => direct.length === 1 && fanout.length === 1, { timeout: 5000, message: 'cast and fanout' }).toBe(true);
    const cast = direct[0] as ConsumeMessage;
    expect(cast.properties).toMatchObject(pythonProperties);
    expect(cast.properties.expiration).toBeUndefined();
    expect(envelope(cast.content)).toEqual({ method: 'note', args: { n: 1 }, _unique_id: expect.stringMatching(HEX32), _context_a: 1 });
    const broadcast = fanout[0] as ConsumeMessage;
    expect(broadcast.fields.exchange).toBe(`${topic}_fanout`);
    expect(broadcast.fields.routingKey).toBe('');
    expect(broadcast.properties).toMatchObject(pythonProperties);
    expect(envelope(broadcast.content)).toEqual({ method: 'bcast', args: {}, namespace: 'ns', _unique_id: expect.stringMatching(HEX32) });
  });

  it('serves a raw oslo.messaging caller: context, replies, failures, heartbeats, duplicates', async () => {
    const server = open();
    const handled: IncomingMessage[] = [];
    await server.driver.listen(new Target({ topic, server: 'h' }), (incoming) => {
      handled.push(incoming);
      if (incoming.message.method === 'fail') {
        unawaited(incoming.reply({ failure: NETWORK_NOT_FOUND }));
      } else if (incoming.message.method === 'slow') {
        unawaited(incoming.heartbeat().then(() => incoming.reply({ result: 'slow done' })));
      } else {
        unawaited(incoming.reply({ result: { args: incoming.message.args, ctx: incoming.context } }));
      }
    });
    const replyQueue = `reply_${'d'.repeat(32)}`;
    extraQueues.push(replyQueue);
    await channel.assertQueue(replyQueue, { durable: false, autoDelete: false, arguments: { 'x-expires': 1_800_000 } });
    const replies: ConsumeMessage[] = [];
    await channel.consume(
      replyQueue,
      (message) => {
        if (message !== null) replies.push(message);
      },
      { noAck: true },
    );
    const request = (method: string, msgId: string, uniqueId: string, timeout: number | null = null): Buffer =>
      wrap({
        method,
        args: { value: 9 },
        version: '1.0',
        _msg_id: msgId,
        _reply_q: replyQueue,
        _timeout: timeout,
        _unique_id: uniqueId,
        _context_project_id: 'p1',
        _context_roles: ['member'],
        _context_brand_new: { deep: [1, 2] },
      });
    channel.publish(exchange, topic, request('echo', '1'.repeat(32), 'e'.repeat(32)), { ...pythonProperties, expiration: '5000' });
    // A redelivered copy of the same message (same _unique_id) is not handled again.
    channel.publish(exchange, `${topic}.h`, request('echo', '1'.repeat(32), 'e'.repeat(32)), pythonProperties);
    channel.publish(exchange, topic, request('fail', '2'.repeat(32), 'f'.repeat(32)), pythonProperties);
    channel.publish(exchange, topic, request('slow', '3'.repeat(32), '0'.repeat(32), 10), pythonProperties);
    await expect.poll(() => replies.length, { timeout: 5000, message: 'replies' }).toBeGreaterThanOrEqual(4);

    expect(handled.map((incoming) => incoming.message.method).sort()).toEqual(['echo', 'fail', 'slow']);
    const echo = handled.find((incoming) => incoming.message.method === 'echo');
    expect(echo?.context).toEqual({ project_id: 'p1', roles: ['member'], brand_new: { deep: [1, 2] } });
    expect(echo?.id).toBe('1'.repeat(32));
    expect(handled.find((incoming) => incoming.message.method === 'slow')?.callMonitorTimeoutMs).toBe(10_000);

    for (const reply of replies) {
      expect(reply.fields.exchange).toBe('');
      expect(reply.fields.routingKey).toBe(replyQueue);
      expect(reply.properties).toMatchObject(pythonProperties);
    }
    const bodies = replies.map((reply) => envelope(reply.content));
    expect(bodies).toContainEqual({
      result: { args: { value: 9 }, ctx: { project_id: 'p1', roles: ['member'], brand_new: { deep: [1, 2] } } },
      failure: null,
      ending: true,
      _msg_id: '1'.repeat(32),
      _unique_id: expect.stringMatching(HEX32),
    });
    const failed = bodies.find((body) => body['_msg_id'] === '2'.repeat(32));
    expect(failed).toMatchObject({ result: null, ending: true });
    expect(JSON.parse(failed?.['failure'] as string)).toEqual(NETWORK_NOT_FOUND);
    const slow = bodies.filter((body) => body['_msg_id'] === '3'.repeat(32));
    expect(slow).toEqual([
      { result: null, failure: null, ending: false, _msg_id: '3'.repeat(32), _unique_id: expect.stringMatching(HEX32) },
      { result: 'slow done', failure: null, ending: true, _msg_id: '3'.repeat(32), _unique_id: expect.stringMatching(HEX32) },
    ]);
    expect(server.lines.some((line) => line.msg === 'Ignoring duplicate message' && line.fields['uniqueId'] === 'e'.repeat(32))).toBe(true);
  });
});
