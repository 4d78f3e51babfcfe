#!/usr/bin/env node
// rabbit:// RPC benchmark for @net-server/rpc-rabbit on the local broker,
// beside same-run raw amqplib baselines:
//   - raw request/reply: a server queue and a reply queue, sequential and
//     with N in flight (plain channels, acknowledged consumers);
//   - raw publish/consume throughput on one queue;
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
async function rawRequestReply() {
  const serverConnection = await amqplib.connect(amqpUrl, { noDelay: true });
  const clientConnection = await amqplib.connect(amqpUrl, { noDelay: true });
  const serverChannel = await serverConnection.createChannel();
  const clientChannel = await clientConnection.createChannel();
  const serverQueue = `${tag}-raw-server`;
  const replyQueue = `${tag}-raw-reply`;
  await serverChannel.assertQueue(serverQueue, { durable: false, autoDelete: false });
  await clientChannel.assertQueue(replyQueue, { durable: false, autoDelete: false });
  // A null message is the consumer's cancellation when its queue is deleted.
  await serverChannel.consume(serverQueue, (message) => {
    if (message === null) return;
    serverChannel.ack(message);
    const request = JSON.parse(message.content.toString());
    serverChannel.publish('', message.properties.replyTo, Buffer.from(JSON.stringify({ id: request.id, result: reply })), {
      contentType: 'application/json',
    });
  });
  const waiting = new Map();
  await clientChannel.consume(replyQueue, (message) => {
    if (message === null) return;
    clientChannel.ack(message);
    const body = JSON.parse(message.content.toString());
    waiting.get(body.id)?.();
    waiting.delete(body.id);
  });
  let id = 0;
  const call = () =>
    new Promise((resolve) => {
      id += 1;
      waiting.set(id, resolve);
      clientChannel.sendToQueue(serverQueue, Buffer.from(JSON.stringify({ id, context, method: 'get_device_details', args })), {
        replyTo: replyQueue,
        contentType: 'application/json',
      });
    });
  const latency = await latencies(call, calls);
  const perSec = await throughput(call, calls * 2, inflight);
  await serverChannel.deleteQueue(serverQueue);
  await clientChannel.deleteQueue(replyQueue);
  await serverConnection.close();
  await clientConnection.close();
  return { latency, perSec };
}

// ---- raw amqplib publish/consume throughput -----------------------------
async function rawPublishConsume() {
  const publisher = await amqplib.connect(amqpUrl, { noDelay: true });
  const consumer = await amqplib.connect(amqpUrl, { noDelay: true });
  const out = await publisher.createChannel();
  const inbound = await consumer.createChannel();
  const queue = `${tag}-raw-pubsub`;
  await inbound.assertQueue(queue, { durable: false, autoDelete: false });
  let received = 0;
  let done;
  const all = new Promise((resolve) => {
    done = resolve;
  });
  await inbound.consume(queue, (message) => {
    if (message === null) return;
    inbound.ack(message);
    received += 1;
    if (received === messages) done();
  });
  const body = (i) => Buffer.from(JSON.stringify({ method: 'report_state', args: { agent_state: { host: 'compute-1', n: i } }, context }));
  const start = now();
  const deadline = start + phaseMs;
  for (let i = 0; i < messages && now() < deadline; i += 1) {
    if (!out.sendToQueue(queue, body(i), { contentType: 'application/json', persistent: true })) {
      await new Promise((resolve) => out.once('drain', resolve));
    }
  }
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - now())))]);
  const perSec = received / ((now() - start) / 1000);
  await inbound.deleteQueue(queue);
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
const samples = { rawP50: [], rawP99: [], rawPerSec: [], rawPubSub: [], p50: [], p99: [], perSec: [], castPerSec: [] };
for (let i = 0; i < rounds; i += 1) {
  const raw = await rawRequestReply();
  samples.rawP50.push(raw.latency.p50);
  samples.rawP99.push(raw.latency.p99);
  samples.rawPerSec.push(raw.perSec);
  samples.rawPubSub.push(await rawPublishConsume());
  const measured = await ours();
  samples.p50.push(measured.latency.p50);
  samples.p99.push(measured.latency.p99);
  samples.perSec.push(measured.perSec);
  samples.castPerSec.push(measured.castPerSec);
}
const raw = { latency: { p50: median(samples.rawP50), p99: median(samples.rawP99) }, perSec: median(samples.rawPerSec) };
const rawPubSub = median(samples.rawPubSub);
const rpc = { latency: { p50: median(samples.p50), p99: median(samples.p99) }, perSec: median(samples.perSec), castPerSec: median(samples.castPerSec) };
const rows = [
  { metric: 'call p50 ms (sequential)', ours: round(rpc.latency.p50, 3), baseline: round(raw.latency.p50, 3), ratio: round(rpc.latency.p50 / raw.latency.p50), goal: '<= 1.3' },
  { metric: 'call p99 ms (sequential)', ours: round(rpc.latency.p99, 3), baseline: round(raw.latency.p99, 3), ratio: round(rpc.latency.p99 / raw.latency.p99) },
  { metric: `calls/s (${inflight} in flight)`, ours: Math.round(rpc.perSec), baseline: Math.round(raw.perSec), ratio: round(rpc.perSec / raw.perSec) },
  { metric: 'casts/s (published and consumed)', ours: Math.round(rpc.castPerSec), baseline: Math.round(rawPubSub), ratio: round(rpc.castPerSec / rawPubSub), goal: '>= 0.8' },
];
console.log(JSON.stringify({ bench: 'rpc-rabbit', url: amqpUrl.replace(/:[^:@/]*@/, ':****@'), calls, inflight, messages, rounds, node: process.version, rows }, null, 2));
