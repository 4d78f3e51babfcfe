import { Target, type IncomingMessage } from '@net-server/rpc';
import amqplib, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageUndeliverable } from '@net-server/rpc-rabbit';
import { AMQP_URL, deleteTopology, makeDriver, queuesOf, unawaited, uniqueName, type TestDriver } from './helpers.js';

const properties = { contentType: 'application/json', contentEncoding: 'utf-8', deliveryMode: 2 };

describe('rabbit driver: bad input never stops a consumer', () => {
  let raw: ChannelModel;
  let channel: Channel;
  let exchange: string;
  let topic: string;
  let replyQueue: string;
  let replies: Record<string, unknown>[];
  const drivers: TestDriver[] = [];

  beforeEach(async () => {
    raw = await amqplib.connect(AMQP_URL);
    channel = await raw.createChannel();
    exchange = uniqueName('bad-ex');
    topic = uniqueName('bad');
    replyQueue = `reply_${uniqueName('raw').replaceAll('-', '')}`;
    replies = [];
    await channel.assertQueue(replyQueue, { durable: false, autoDelete: false, arguments: { 'x-expires': 60_000 } });
    await channel.consume(
      replyQueue,
      (message: ConsumeMessage | null) => {
        if (message === null) return;
        const outer = JSON.parse(message.content.toString()) as Record<string, string>;
        replies.push(JSON.parse(outer['oslo.message'] ?? 'null') as Record<string, unknown>);
      },
      { noAck: true },
    );
  });

  afterEach(async () => {
    await Promise.all(drivers.splice(0).map(({ driver }) => driver.cleanup()));
    await raw.close();
    await deleteTopology([exchange, `${topic}_fanout`], [...(await queuesOf(topic)), replyQueue]);
  });

  function failureOf(msgId: string): Record<string, unknown> | undefined {
    const reply = replies.find((body) => body['_msg_id'] === msgId);
    return reply === undefined ? undefined : (JSON.parse(reply['failure'] as string) as Record<string, unknown>);
  }

  it('logs, acknowledges and answers malformed messages, and goes on serving', async () => {
    const server = makeDriver(exchange);
    drivers.push(server);
    const handled: IncomingMessage[] = [];
    await server.driver.listen(new Target({ topic, server: 'h' }), (incoming) => {
      handled.push(incoming);
      unawaited(incoming.reply({ result: 'ok' }));
    });
    const inner = (fields: Record<string, unknown>) => JSON.stringify({ args: {}, _reply_q: replyQueue, _unique_id: uniqueName('u'), ...fields });
    // Not JSON at all: nobody to answer.
    channel.publish(exchange, topic, Buffer.from('this is {not json'), properties);
    // JSON without the envelope, naming a reply queue.
    channel.publish(exchange, topic, Buffer.from(JSON.stringify({ method: 'echo', args: {}, _msg_id: 'a1', _reply_q: replyQueue })), properties);
    // Another major envelope version.
    channel.publish(
      exchange,
      topic,
      Buffer.from(JSON.stringify({ 'oslo.version': '3.0', 'oslo.message': inner({ method: 'echo', _msg_id: 'a2' }) })),
      properties,
    );
    // A message without a method.
    channel.publish(exchange, topic, Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': inner({ _msg_id: 'a3' }) })), properties);
    // An envelope whose message is not a JSON object.
    channel.publish(exchange, topic, Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': '[1, 2' })), properties);
    // And a good call after all of them.
    channel.publish(
      exchange,
      topic,
      Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': inner({ method: 'echo', _msg_id: 'a4' }) })),
      properties,
    );

    await expect.poll(() => replies.length, { timeout: 10_000, message: 'four replies' }).toBe(4);
    expect(handled.map((incoming) => incoming.id)).toEqual(['a4']);
    expect(replies.find((body) => body['_msg_id'] === 'a4')).toMatchObject({ result: 'ok', failure: null, ending: true });
    expect(failureOf('a1')).toMatchObject({ class: 'MalformedMessage', message: expect.stringContaining('envelope') });
    expect(failureOf('a2')).toMatchObject({
      class: 'UnsupportedRpcEnvelopeVersion',
      module: 'oslo_messaging._drivers.common',
      message: 'Specified RPC envelope version, 3.0, not supported by this endpoint.',
    });
    expect(failureOf('a3')).toMatchObject({ class: 'MalformedMessage', message: expect.stringContaining('no "method"') });

    const dropped = server.lines.filter((line) => line.msg === 'Dropping malformed RPC message');
    expect(dropped.map((line) => [line.fields['reason'], line.fields['msgId'], line.fields['answered']])).toEqual([
      ['NotJson', undefined, false],
      ['MissingEnvelope', 'a1', true],
      ['UnsupportedRpcEnvelopeVersion', 'a2', true],
      ['BadRequest', 'a3', true],
      ['BadInnerMessage', undefined, false],
    ]);
    for (const line of dropped) expect(line.fields['deliveryTag']).toEqual(expect.any(Number));
    // Everything was acknowledged: nothing waits to be redelivered.
    await server.driver.cleanup();
    expect((await channel.checkQueue(topic)).messageCount).toBe(0);
  });

  it('logs an error and rejects when a reply cannot be routed', async () => {
    const server = makeDriver(exchange, { kombu_missing_consumer_retry_timeout: 0.6 });
    drivers.push(server);
    let replied: Promise<void> | undefined;
    await server.driver.listen(new Target({ topic, server: 'h' }), (incoming) => {
      replied = incoming.reply({ result: 'nobody hears this' });
    });
    const gone = 'reply_' + 'f'.repeat(32);
    channel.publish(
      exchange,
      topic,
      Buffer.from(
        JSON.stringify({
          'oslo.version': '2.0',
          'oslo.message': JSON.stringify({ method: 'echo', args: {}, _msg_id: 'b1', _reply_q: gone, _unique_id: 'u-b1' }),
        }),
      ),
      properties,
    );
    // A boolean, not the promise: expect.poll would await the reply's rejection.
    await expect.poll(() => replied !== undefined, { timeout: 5000, message: 'the call' }).toBe(true);
    const error = await (replied as Promise<void>).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MessageUndeliverable);
    const logged = server.lines.find((line) => line.level === 'error' && line.msg.includes('reply queue is missing'));
    expect(logged?.fields).toMatchObject({ msgId: 'b1', replyQueue: gone });
  });
});
