import { Target } from '@net-server/rpc';
import { TopologyMismatch } from '@net-server/rpc-rabbit';
import amqplib from 'amqplib';
import { afterEach, describe, expect, it } from 'vitest';
import { AMQP_URL, collector, deleteTopology, listRows, makeDriver, queuesOf, uniqueName, type TestDriver } from './helpers.js';

/** The broker's view, as `rabbitmqctl list_*` prints it. */
async function exchangeRow(name: string): Promise<string[] | undefined> {
  const rows = await listRows('list_exchanges', 'name', 'type', 'durable', 'auto_delete', 'arguments');
  return rows.find((row) => row[0] === name);
}

async function queueRow(name: string): Promise<string[] | undefined> {
  const rows = await listRows('list_queues', 'name', 'durable', 'auto_delete', 'exclusive', 'arguments');
  return rows.find((row) => row[0] === name);
}

async function bindingsTo(destinations: string[]): Promise<string[][]> {
  const rows = await listRows('list_bindings', 'source_name', 'destination_name', 'routing_key');
  return rows.filter((row) => row[0] !== '' && destinations.includes(row[1] ?? '')).sort();
}

describe('rabbit driver: topology matches oslo.messaging', { timeout: 90_000 }, () => {
  const drivers: TestDriver[] = [];
  const cleanup: { exchanges: string[]; queues: string[] } = { exchanges: [], queues: [] };

  afterEach(async () => {
    await Promise.all(drivers.splice(0).map(({ driver }) => driver.cleanup()));
    await deleteTopology(cleanup.exchanges.splice(0), cleanup.queues.splice(0));
  });

  async function listenAndCall(options: Record<string, string | number | boolean>) {
    const exchange = uniqueName('topo-ex');
    const topic = uniqueName('topo');
    const server = makeDriver(exchange, options);
    const client = makeDriver(exchange, options);
    drivers.push(server, client);
    await server.driver.listen(new Target({ topic, server: 'node-1' }), collector().handler);
    await client.driver.send(new Target({ topic }), {}, { method: 'ping', args: {} }, { waitForReply: true, timeoutMs: 5000 });
    const queues = await queuesOf(topic);
    cleanup.exchanges.push(exchange, `${topic}_fanout`);
    cleanup.queues.push(...queues, client.driver.replyQueue);
    const fanoutQueue = queues.find((name) => name.startsWith(`${topic}_fanout_`)) ?? '';
    return { exchange, topic, queues, fanoutQueue, replyQueue: client.driver.replyQueue };
  }

  it('declares the default topology', async () => {
    const { exchange, topic, queues, fanoutQueue, replyQueue } = await listenAndCall({});
    expect(queues.sort()).toEqual([topic, `${topic}.node-1`, fanoutQueue].sort());
    expect(fanoutQueue).toMatch(new RegExp(`^${topic}_fanout_[0-9a-f]{32}$`));
    expect(replyQueue).toMatch(/^reply_[0-9a-f]{32}$/);

    expect(await exchangeRow(exchange)).toEqual([exchange, 'topic', 'false', 'false', '[]']);
    expect(await exchangeRow(`${topic}_fanout`)).toEqual([`${topic}_fanout`, 'fanout', 'false', 'true', '[]']);
    expect(await queueRow(topic)).toEqual([topic, 'false', 'false', 'false', '[]']);
    expect(await queueRow(`${topic}.node-1`)).toEqual([`${topic}.node-1`, 'false', 'false', 'false', '[]']);
    expect(await queueRow(fanoutQueue)).toEqual([fanoutQueue, 'false', 'false', 'false', '[{"x-expires",1800000}]']);
    expect(await queueRow(replyQueue)).toEqual([replyQueue, 'false', 'false', 'false', '[{"x-expires",1800000}]']);
    expect(await bindingsTo([topic, `${topic}.node-1`, fanoutQueue, replyQueue])).toEqual(
      [
        [exchange, topic, topic],
        [exchange, `${topic}.node-1`, `${topic}.node-1`],
        [`${topic}_fanout`, fanoutQueue, topic],
      ].sort(),
    );
  });

  it('follows amqp_durable_queues, rabbit_transient_queues_ttl, rabbit_ha_queues, prefetch and heartbeat', async () => {
    const processname = uniqueName('topo-proc');
    const { exchange, topic, fanoutQueue, replyQueue } = await listenAndCall({
      amqp_durable_queues: true,
      rabbit_transient_queues_ttl: 600,
      rabbit_ha_queues: 'true',
      rabbit_qos_prefetch_count: 7,
      heartbeat_timeout_threshold: 30,
      processname,
    });
    const consumers = await listRows('list_consumers', 'queue_name', 'prefetch_count');
    expect(consumers.filter((row) => row[0] === topic)).toEqual([[topic, '7']]);
    const connections = await listRows('list_connections', 'client_properties', 'timeout');
    const ours = connections.filter((row) => (row[0] ?? '').includes(`{"connection_name","${processname}:`));
    expect(ours.length).toBeGreaterThan(0);
    for (const row of ours) expect(row[1]).toBe('30');
    expect(await exchangeRow(exchange)).toEqual([exchange, 'topic', 'true', 'false', '[]']);
    expect(await queueRow(topic)).toEqual([topic, 'true', 'false', 'false', '[{"x-ha-policy","all"}]']);
    expect(await queueRow(fanoutQueue)).toEqual([fanoutQueue, 'false', 'false', 'false', '[{"x-ha-policy","all"},{"x-expires",600000}]']);
    expect(await queueRow(replyQueue)).toEqual([replyQueue, 'false', 'false', 'false', '[{"x-ha-policy","all"},{"x-expires",600000}]']);
  });

  it('declares quorum server queues with rabbit_quorum_queue, transient queues stay classic', async () => {
    const { topic, fanoutQueue } = await listenAndCall({ rabbit_quorum_queue: true });
    // Quorum queues have no exclusive flag: rabbitmqctl prints it empty.
    expect(await queueRow(topic)).toEqual([topic, 'true', 'false', '', '[{"x-queue-type","quorum"}]']);
    expect(await queueRow(fanoutQueue)).toEqual([fanoutQueue, 'false', 'false', 'false', '[{"x-expires",1800000}]']);
  });

  it('deletes its fanout queue when the server stops, and its reply queue on cleanup', async () => {
    const exchange = uniqueName('topo-ex');
    const topic = uniqueName('topo');
    const { driver } = makeDriver(exchange);
    cleanup.exchanges.push(exchange, `${topic}_fanout`);
    cleanup.queues.push(topic, `${topic}.n`);
    const listener = await driver.listen(new Target({ topic, server: 'n' }), collector().handler);
    await driver.send(new Target({ topic }), {}, { method: 'ping', args: {} }, { waitForReply: true, timeoutMs: 5000 });
    expect((await queuesOf(topic)).some((name) => name.startsWith(`${topic}_fanout_`))).toBe(true);
    await listener.stop();
    expect((await queuesOf(topic)).sort()).toEqual([topic, `${topic}.n`].sort());
    const replyQueue = driver.replyQueue;
    expect(await queueRow(replyQueue)).toBeDefined();
    await driver.cleanup();
    expect(await queueRow(replyQueue)).toBeUndefined();
  });

  it('refuses to listen on a queue declared with other flags, and keeps working otherwise', async () => {
    const exchange = uniqueName('topo-ex');
    const topic = uniqueName('topo');
    cleanup.exchanges.push(exchange, `${topic}_fanout`);
    cleanup.queues.push(topic, `${topic}.n`);
    const raw = await amqplib.connect(AMQP_URL);
    const channel = await raw.createChannel();
    await channel.assertQueue(topic, { durable: true });
    await raw.close();
    const made = makeDriver(exchange);
    drivers.push(made);
    const error = await made.driver.listen(new Target({ topic, server: 'n' }), collector().handler).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TopologyMismatch);
    expect((error as Error).message).toContain(`queue "${topic}"`);
    expect((error as Error).message).toContain('amqp_durable_queues');
    const other = uniqueName('topo');
    cleanup.exchanges.push(`${other}_fanout`);
    await made.driver.listen(new Target({ topic: other, server: 'n' }), collector(() => 'still fine').handler);
    cleanup.queues.push(...(await queuesOf(other)), made.driver.replyQueue);
    expect(await made.driver.send(new Target({ topic: other }), {}, { method: 'x', args: {} }, { waitForReply: true, timeoutMs: 5000 })).toEqual({
      result: 'still fine',
    });
  });
});
