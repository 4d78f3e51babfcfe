#!/usr/bin/env node
// rabbit:// RPC benchmark for @net-server/rpc-rabbit on the local broker,
// beside same-run raw amqplib baselines:
//   - raw request/reply: a server queue and a reply queue, sequential and
//     with N in flight (plain channels, acknowledged consumers); and the
//     same with what oslo.messaging's protocol asks of the broker (topic
//     exchange, per-message TTL, mandatory replies, publisher confirms, the
//     JSON-in-JSON envelope): the floor any oslo-compatible driver stands on;
//   - raw publish/consume throughput on one queue;
//   - the same with what oslo.messaging's protocol adds to every cast:
//     publisher confirms (kombu's confirm_publish) and a topic exchange
//     (the control exchange), at most 256 unconfirmed, as our casts run;
//     and once more with the message itself as oslo sends it (envelope,
//     flattened context, `_unique_id`, oslo's properties), decoded on receipt;
//   - our call round trip (RpcClient -> rabbit driver -> RpcServer and back)
//     p50/p99, call throughput with N in flight, cast throughput.
// Every phase is bounded in count and in time. Needs built packages
// (`npx tsup --config ../../tsup.config.ts` in packages/lib, entrypoints, rpc, rpc-rabbit).
// Usage: node tools/bench/rpc.mjs [--url amqp://guest:guest@127.0.0.1:5672/] [--calls 2000]
//        [--inflight 16] [--messages 20000] [--seconds 60] [--rounds 3]
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import amqplib from 'amqplib';
import { silentLogger } from '@net-server/lib';
import { RpcClient, RpcServer, Target, getRpcTransport } from '@net-server/rpc';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'amqp://guest:guest@127.0.0.1:5672/' },
    calls: { type: 'string', default: '2000' },
    inflight: { type: 'string', default: '16' },
    messages: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '60' },
    rounds: { type: 'string', default: '3' },
  },
});
const amqpUrl = values.url;
const rabbitUrl = amqpUrl.replace(/^amqp/, 'rabbit');
const calls = Math.max(100, Math.min(Number(values.calls), 50_000));
const inflight = Math.max(1, Math.min(Number(values.inflight), 256));
const messages = Math.max(1000, Math.min(Number(values.messages), 200_000));
// Each phase gets at most this long; a phase that runs out reports what it did.
const phaseMs = Math.max(5, Math.min(Number(values.seconds), 600)) * 1000;
const warmup = Math.min(200, calls);
// The machine is shared: baselines and ours alternate, medians are reported.
const rounds = Math.max(1, Math.min(Number(values.rounds), 9));
const tag = `bench-${process.pid}-${randomBytes(3).toString('hex')}`;

const context = { user_id: 'u1', project_id: 'p1', roles: ['admin'], request_id: 'req-1' };
const args = { agent_id: 'ovs-agent-1', host: 'compute-1', device: 'tap0123456789' };
const reply = { device: 'tap0123456789', network_id: 'n1', admin_state_up: true };

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Sequential round trips: latencies in ms, bounded by count and time. */
async function latencies(call, count) {
  for (let i = 0; i < warmup; i += 1) await call();
  const samples = [];
  const deadline = now() + phaseMs;
  while (samples.length < count && now() < deadline) {
    const start = now();
    await call();
    samples.push(now() - start);
  }
  samples.sort((a, b) => a - b);
  return { n: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** Calls per second with `parallel` in flight, bounded by count and time. */
async function throughput(call, count, parallel) {
  for (let i = 0; i < warmup; i += 1) await call();
  let next = 0;
  const deadline = now() + phaseMs;
  const worker = async () => {
    while (next < count && now() < deadline) {
      next += 1;
      await call();
    }
  };
  const start = now();
  await Promise.all(Array.from({ length: parallel }, worker));
  return next / ((now() - start) / 1000);
}

// ---- raw amqplib request/reply -------------------------------------------
// noDelay as the driver sets it: with Nagle on, every small frame waits ~40 ms.
// Client and server on connections of their own, as two processes would be.
// Plain: the default exchange, no confirms, a JSON body. `oslo`: what
// oslo.messaging's protocol asks of the broker on every call, with no RPC
// layer around it: requests through a topic exchange with a per-message TTL,
// replies mandatory, both published with confirms (not awaited, as a call
// does not wait for them), and the envelope's JSON-in-JSON body.
async function rawRequestReply({ oslo }) {
  const serverConnection = await amqplib.connect(amqpUrl, { noDelay: true });
  const clientConnection = await amqplib.connect(amqpUrl, { noDelay: true });
  const serverChannel = await serverConnection.createChannel();
  const clientChannel = await clientConnection.createChannel();
  const serverOut = oslo ? await serverConnection.createConfirmChannel() : serverChannel;
  const clientOut = oslo ? await clientConnection.createConfirmChannel() : clientChannel;
  const serverQueue = `${tag}-raw-server`;
  const replyQueue = `${tag}-raw-reply`;
  const exchange = oslo ? `${tag}-raw-rpc` : '';
  await serverChannel.assertQueue(serverQueue, { durable: false, autoDelete: false });
  await clientChannel.assertQueue(replyQueue, { durable: false, autoDelete: false });
  if (oslo) {
    await serverChannel.assertExchange(exchange, 'topic', { durable: false });
    await serverChannel.bindQueue(serverQueue, exchange, serverQueue);
  }
  const encode = oslo
    ? (message) => Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': JSON.stringify(message) }))
    : (message) => Buffer.from(JSON.stringify(message));
  const decode = oslo ? (content) => JSON.parse(JSON.parse(content.toString())['oslo.message']) : (content) => JSON.parse(content.toString());
  const confirmed = oslo ? () => {} : undefined;
  // A null message is the consumer's cancellation when its queue is deleted.
  await serverChannel.consume(serverQueue, (message) => {
    if (message === null) return;
    serverChannel.ack(message);
    const request = decode(message.content);
    const properties = { contentType: 'application/json', persistent: oslo, mandatory: oslo };
    serverOut.publish('', message.properties.replyTo, encode({ id: request.id, result: reply, failure: null, ending: true }), properties, confirmed);
  });
  const waiting = new Map();
  await clientChannel.consume(replyQueue, (message) => {
    if (message === null) return;
    clientChannel.ack(message);
    const body = decode(message.content);
    waiting.get(body.id)?.();
    waiting.delete(body.id);
  });
  let id = 0;
  const properties = { replyTo: replyQueue, contentType: 'application/json', ...(oslo ? { persistent: true, expiration: '60000' } : {}) };
  const call = () =>
    new Promise((resolve) => {
      id += 1;
      waiting.set(id, resolve);
      clientOut.publish(exchange, serverQueue, encode({ id, context, method: 'get_device_details', args }), properties, confirmed);
    });
  const latency = await latencies(call, calls);
  const perSec = await throughput(call, calls * 2, inflight);
  await serverChannel.deleteQueue(serverQueue);
  await clientChannel.deleteQueue(replyQueue);
  if (oslo) await serverChannel.deleteExchange(exchange);
  await serverConnection.close();
  await clientConnection.close();
  return { latency, perSec };
}

// ---- raw amqplib publish/consume throughput -----------------------------
// Plain: the default exchange, no confirms. `oslo`: what oslo.messaging's
// protocol adds to a cast, publisher confirms with at most 256 unconfirmed
// (as our casts run) and a topic exchange. `wire`: and the message oslo
// sends, as every oslo driver must: the JSON-in-JSON envelope with the
// flattened context and a `_unique_id`, oslo's properties, decoded on receipt.
async function rawPublishConsume({ oslo, wire = false }) {
  const publisher = await amqplib.connect(amqpUrl, { noDelay: true });
  const consumer = await amqplib.connect(amqpUrl, { noDelay: true });
  const out = oslo ? await publisher.createConfirmChannel() : await publisher.createChannel();
  const inbound = await consumer.createChannel();
  const queue = `${tag}-raw-${wire ? 'wire' : oslo ? 'oslo' : 'plain'}`;
  const exchange = oslo ? `${tag}-raw-topic` : '';
  await inbound.assertQueue(queue, { durable: false, autoDelete: false });
  if (oslo) {
    await inbound.assertExchange(exchange, 'topic', { durable: false });
    await inbound.bindQueue(queue, exchange, queue);
  }
  let received = 0;
  let done;
  const all = new Promise((resolve) => {
    done = resolve;
  });
  await inbound.consume(queue, (message) => {
    if (message === null) return;
    inbound.ack(message);
    if (wire) JSON.parse(JSON.parse(message.content.toString())['oslo.message']);
    received += 1;
    if (received === messages) done();
  });
  const flatContext = Object.fromEntries(Object.entries(context).map(([key, value]) => [`_context_${key}`, value]));
  const inner = (i) => ({
    method: 'report_state',
    args: { agent_state: { host: 'compute-1', n: i } },
    version: '1.0',
    _unique_id: randomBytes(16).toString('hex'),
    ...flatContext,
  });
  const body = wire
    ? (i) => Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': JSON.stringify(inner(i)) }))
    : (i) => Buffer.from(JSON.stringify({ method: 'report_state', args: { agent_state: { host: 'compute-1', n: i } }, context }));
  const properties = wire
    ? { contentType: 'application/json', contentEncoding: 'utf-8', persistent: true, priority: 0, headers: {} }
    : { contentType: 'application/json', persistent: true };
  const start = now();
  const deadline = start + phaseMs;
  if (oslo) {
    let sent = 0;
    const confirmed = (i) =>
      new Promise((resolve, reject) => out.publish(exchange, queue, body(i), properties, (error) => (error ? reject(error) : resolve())));
    const caster = async () => {
      while (sent < messages && now() < deadline) {
        sent += 1;
        await confirmed(sent);
      }
    };
    await Promise.all(Array.from({ length: 256 }, caster));
  } else {
    for (let i = 0; i < messages && now() < deadline; i += 1) {
      if (!out.publish(exchange, queue, body(i), properties)) await new Promise((resolve) => out.once('drain', resolve));
    }
  }
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - now())))]);
  const perSec = received / ((now() - start) / 1000);
  await inbound.deleteQueue(queue);
  if (oslo) await inbound.deleteExchange(exchange);
  await publisher.close();
  await consumer.close();
  return perSec;
}

// ---- our RPC layer over the rabbit driver --------------------------------
async function ours() {
  // Discovery from this package finds @net-server/rpc-rabbit's `rabbit` entry point.
  const root = dirname(fileURLToPath(import.meta.url));
  const conf = { transport_url: rabbitUrl, control_exchange: `${tag}-ex`, rpc_response_timeout: 60 };
  const serverTransport = await getRpcTransport(conf, { logger: silentLogger, root });
  const clientTransport = await getRpcTransport(conf, { logger: silentLogger, root });
  let casts = 0;
  let castsDone;
  let castTarget = Infinity;
  const endpoint = {
    get_device_details: () => reply,
    report_state: () => {
      casts += 1;
      if (casts >= castTarget) castsDone?.();
    },
  };
  const topic = `${tag}-topic`;
  const server = new RpcServer(serverTransport, new Target({ topic, server: 'bench' }), [endpoint], { concurrency: 64 });
  await server.start();
  const client = new RpcClient(clientTransport, new Target({ topic, version: '1.0' }), { timeoutMs: 30_000 });
  const call = () => client.call(context, 'get_device_details', args);
  const latency = await latencies(call, calls);
  const perSec = await throughput(call, calls * 2, inflight);

  // Casts: keep at most 256 unconfirmed, count until the server has them all.
  casts = 0;
  const all = new Promise((resolve) => {
    castsDone = resolve;
  });
  castTarget = messages;
  const start = now();
  const deadline = start + phaseMs;
  let sent = 0;
  const caster = async () => {
    while (sent < messages && now() < deadline) {
      sent += 1;
      await client.cast(context, 'report_state', { agent_state: { host: 'compute-1', n: sent } });
    }
  };
  await Promise.all(Array.from({ length: 256 }, caster));
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - now())))]);
  const castPerSec = casts / ((now() - start) / 1000);

  await server.stop();
  await server.wait();
  await clientTransport.cleanup();
  await serverTransport.cleanup();
  // Shared queue and exchange of the topic: remove them.
  const connection = await amqplib.connect(amqpUrl, { noDelay: true });
  const channel = await connection.createChannel();
  await channel.deleteQueue(topic);
  await channel.deleteQueue(`${topic}.bench`);
  await channel.deleteExchange(`${tag}-ex`);
  await connection.close();
  return { latency, perSec, castPerSec };
}

const round = (value, digits = 2) => Number(value.toFixed(digits));
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const samples = {
  rawP50: [],
  rawP99: [],
  rawPerSec: [],
  osloP50: [],
  osloPerSec: [],
  rawPubSub: [],
  rawConfirmed: [],
  rawWire: [],
  p50: [],
  p99: [],
  perSec: [],
  castPerSec: [],
};
for (let i = 0; i < rounds; i += 1) {
  const raw = await rawRequestReply({ oslo: false });
  samples.rawP50.push(raw.latency.p50);
  samples.rawP99.push(raw.latency.p99);
  samples.rawPerSec.push(raw.perSec);
  const oslo = await rawRequestReply({ oslo: true });
  samples.osloP50.push(oslo.latency.p50);
  samples.osloPerSec.push(oslo.perSec);
  samples.rawPubSub.push(await rawPublishConsume({ oslo: false }));
  samples.rawConfirmed.push(await rawPublishConsume({ oslo: true }));
  samples.rawWire.push(await rawPublishConsume({ oslo: true, wire: true }));
  const measured = await ours();
  samples.p50.push(measured.latency.p50);
  samples.p99.push(measured.latency.p99);
  samples.perSec.push(measured.perSec);
  samples.castPerSec.push(measured.castPerSec);
}
const raw = { latency: { p50: median(samples.rawP50), p99: median(samples.rawP99) }, perSec: median(samples.rawPerSec) };
const rawPubSub = median(samples.rawPubSub);
const rawConfirmed = median(samples.rawConfirmed);
const rawWire = median(samples.rawWire);
const rpc = { latency: { p50: median(samples.p50), p99: median(samples.p99) }, perSec: median(samples.perSec), castPerSec: median(samples.castPerSec) };
const osloP50 = median(samples.osloP50);
const osloPerSec = median(samples.osloPerSec);
// Against the baselines (plain amqplib), then against the oslo
// protocol floor, which shows what is this driver's own overhead.
const rows = [
  {
    metric: 'call p50 ms (sequential)',
    ours: round(rpc.latency.p50, 3),
    baseline: round(raw.latency.p50, 3),
    ratio: round(rpc.latency.p50 / raw.latency.p50),
    goal: '<= 1.3',
  },
  { metric: 'call p99 ms (sequential)', ours: round(rpc.latency.p99, 3), baseline: round(raw.latency.p99, 3), ratio: round(rpc.latency.p99 / raw.latency.p99) },
  { metric: `calls/s (${inflight} in flight)`, ours: Math.round(rpc.perSec), baseline: Math.round(raw.perSec), ratio: round(rpc.perSec / raw.perSec) },
  {
    metric: 'casts/s (published and consumed)',
    ours: Math.round(rpc.castPerSec),
    baseline: Math.round(rawPubSub),
    ratio: round(rpc.castPerSec / rawPubSub),
    goal: '>= 0.8',
  },
  {
    metric: 'call p50 ms, against the oslo protocol floor',
    ours: round(rpc.latency.p50, 3),
    baseline: round(osloP50, 3),
    ratio: round(rpc.latency.p50 / osloP50),
  },
  {
    metric: `calls/s (${inflight} in flight), against the oslo protocol floor`,
    ours: Math.round(rpc.perSec),
    baseline: Math.round(osloPerSec),
    ratio: round(rpc.perSec / osloPerSec),
  },
  {
    metric: 'casts/s, against the oslo protocol floor',
    ours: Math.round(rpc.castPerSec),
    baseline: Math.round(rawConfirmed),
    ratio: round(rpc.castPerSec / rawConfirmed),
  },
  {
    metric: "casts/s, against the oslo floor with oslo's message (envelope, properties)",
    ours: Math.round(rpc.castPerSec),
    baseline: Math.round(rawWire),
    ratio: round(rpc.castPerSec / rawWire),
  },
  {
    metric: 'the floor itself: oslo call p50 / plain call p50',
    ours: round(osloP50, 3),
    baseline: round(raw.latency.p50, 3),
    ratio: round(osloP50 / raw.latency.p50),
  },
  {
    metric: 'the floor itself: oslo casts/s / plain casts/s',
    ours: Math.round(rawConfirmed),
    baseline: Math.round(rawPubSub),
    ratio: round(rawConfirmed / rawPubSub),
  },
];
console.log(
  JSON.stringify({ bench: 'rpc-rabbit', url: amqpUrl.replace(/:[^:@/]*@/, ':****@'), calls, inflight, messages, rounds, node: process.version, rows }, null, 2),
);
