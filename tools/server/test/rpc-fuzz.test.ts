import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type TestServer } from '@net-server/testkit';
import amqplib, { type Channel, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const serverDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/*
 * Malformed and random RPC messages, on every topic the server consumes
 * (ML2's q-plugin and q-reports-plugin, L3's q-l3-plugin, the
 * q-server-resource-versions fanout), through RabbitMQ as agents send them:
 * every call that names a reply queue is answered, the consumers keep
 * serving, and what existed before is as it was. Seeded and bounded in count
 * and time; NET_SERVER_RPC_FUZZ_MESSAGES (e.g. 10000) and
 * NET_SERVER_FUZZ_SEED for a larger or another run (tools/fuzz/run.sh).
 */
const MESSAGES = Math.min(Number(process.env['NET_SERVER_RPC_FUZZ_MESSAGES'] ?? 1500), 50_000);
const SECONDS = Number(process.env['NET_SERVER_RPC_FUZZ_SECONDS'] ?? 40);
const SEED = Number(process.env['NET_SERVER_FUZZ_SEED'] ?? 20261206);

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const TOPICS = ['q-plugin', 'q-reports-plugin', 'q-l3-plugin'];
const METHODS = [
  'report_state',
  'has_alive_neutron_server',
  'get_device_details',
  'get_devices_details_list',
  'get_devices_details_list_and_failed_devices',
  'get_network_details',
  'update_device_up',
  'update_device_down',
  'update_device_list',
  'tunnel_sync',
  'security_group_info_for_devices',
  'security_group_rules_for_devices',
  'get_active_networks_info',
  'get_network_info',
  'create_dhcp_port',
  'update_dhcp_port',
  'get_dhcp_port',
  'release_dhcp_port',
  'dhcp_ready_on_ports',
  'get_ports',
  'pull',
  'bulk_pull',
  'report_agent_resource_versions',
  'get_router_ids',
  'sync_routers',
  'get_external_network_id',
  'update_floatingip_statuses',
  'update_ha_routers_states',
  'get_agent_gateway_port',
  'get_service_plugin_list',
  'get_host_ha_router_count',
  'update_all_ha_network_port_statuses',
  'get_networks',
  'no_such_method',
  '__proto__',
  'constructor',
  'toString',
  '',
];
const ARGS = [
  'host',
  'devices',
  'device',
  'agent_id',
  'network',
  'network_id',
  'port_id',
  'port',
  'router_ids',
  'filters',
  'fields',
  'fip_statuses',
  'resource_type',
  'version',
  'resource_id',
  'filter_kwargs',
  'agent_state',
  'time',
  'tunnel_ip',
  'tunnel_type',
  'port_ids',
  'enable_dhcp_filter',
  'enable_dhcp',
  'device_id',
  'states',
  'devices_up',
  'devices_down',
  'refresh_tunnels',
  'agent_type',
  'agent_host',
  'version_map',
  '__proto__',
];

function scalar(): unknown {
  return pick<() => unknown>([
    () => null,
    () => true,
    () => Math.floor(random() * 2 ** 31) * (random() < 0.5 ? -1 : 1),
    () => random() * 1e308,
    () => '',
    () => 'x'.repeat(Math.floor(random() * 2000)),
    () => randomUUID(),
    () => `tap${randomUUID().slice(0, 11)}`,
    () => 'fa:16:3e:00:00:01',
    () => '10.0.0.1',
    () => pick(['QosPolicy', 'Port', 'Network', 'SecurityGroup', 'Nope']),
    () => pick(['1.0', '1.10', '99.0', 'x']),
    () => '\u0000\ud800\u202e😀',
    () => 'DHCP agent',
  ])();
}

function value(depth = 0): unknown {
  if (depth > 3 || random() < 0.55) return scalar();
  if (random() < 0.5) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [pick(ARGS), value(depth + 1)]));
}

/** One message body as bytes: mostly oslo envelopes with random calls, some broken at every level. */
function message(msgId: string, replyQueue: string): { body: Buffer; expectsReply: boolean } {
  const call: Record<string, unknown> = {
    method: pick(METHODS),
    args: random() < 0.9 ? Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [pick(ARGS), value()])) : value(),
    _unique_id: randomUUID().replaceAll('-', ''),
    _msg_id: msgId,
    _reply_q: replyQueue,
  };
  if (random() < 0.7) call['version'] = pick(['1.0', '1.1', '1.2', '1.3', '1.5', '1.9', '1.10', '1.12', '2.0', '1.99', 'x']);
  if (random() < 0.1) call['namespace'] = pick([null, 'nope', 7]);
  if (random() < 0.8) call['_context_roles'] = pick([['admin'], [], 'admin', null]);
  if (random() < 0.3) call['_context_is_admin'] = pick([true, false, 'yes']);
  const inner = JSON.stringify(call);
  return pick<() => { body: Buffer; expectsReply: boolean }>([
    () => ({ body: Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': inner })), expectsReply: true }),
    () => ({ body: Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': inner })), expectsReply: true }),
    () => ({ body: Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': inner })), expectsReply: true }),
    () => ({ body: Buffer.from(JSON.stringify({ 'oslo.version': pick(['3.0', '1.0', 2, null]), 'oslo.message': inner })), expectsReply: true }),
    () => ({
      body: Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': inner.slice(0, Math.floor(random() * inner.length)) })),
      expectsReply: false,
    }),
    () => ({ body: Buffer.from(JSON.stringify(call)), expectsReply: true }),
    () => ({ body: Buffer.from(inner.slice(0, Math.floor(random() * inner.length))), expectsReply: false }),
    () => ({ body: Buffer.from([0xff, 0xfe, 0x00, ...Buffer.from(inner).subarray(0, 50)]), expectsReply: false }),
  ])();
}

describe('malformed and random RPC messages on every topic the server consumes', () => {
  let server: TestServer;
  let connection: ChannelModel;
  let channel: Channel;
  const vhost = `rpc-fuzz-${process.pid}-${randomUUID().slice(0, 8)}`;
  const exchange = 'neutron';
  const replyQueue = `reply_${randomUUID().replaceAll('-', '')}`;
  const answered = new Set<string>();

  beforeAll(async () => {
    execFileSync('rabbitmqctl', ['-q', 'add_vhost', vhost]);
    execFileSync('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*']);
    server = await startServer({
      root: serverDir,
      corePlugin: 'ml2',
      servicePlugins: ['router'],
      rpc: true,
      config: {
        DEFAULT: { transport_url: `rabbit://guest:guest@127.0.0.1:5672/${vhost}`, control_exchange: exchange, rpc_state_report_workers: 1 },
        ml2: { type_drivers: ['flat', 'vxlan'], tenant_network_types: ['vxlan'], mechanism_drivers: ['linuxbridge', 'l2population'] },
        ml2_type_vxlan: { vni_ranges: ['1:100'] },
      },
    });
    connection = await amqplib.connect(`amqp://guest:guest@127.0.0.1:5672/${vhost}`);
    channel = await connection.createChannel();
    await channel.assertQueue(replyQueue, { durable: false, arguments: { 'x-expires': 120_000 } });
    await channel.consume(
      replyQueue,
      (delivery) => {
        if (delivery === null) return;
        const outer = JSON.parse(delivery.content.toString()) as { 'oslo.message': string };
        const reply = JSON.parse(outer['oslo.message']) as { _msg_id?: string; ending?: boolean };
        if (reply._msg_id && reply.ending !== false) answered.add(reply._msg_id);
      },
      { noAck: true },
    );
  }, 120_000);

  afterAll(async () => {
    await connection?.close().catch(() => undefined);
    await server?.stop();
    execFileSync('rabbitmqctl', ['-q', 'delete_vhost', vhost]);
  });

  it(`answers every call, keeps serving and changes nothing that existed (seed ${SEED})`, { timeout: (SECONDS + 60) * 1000 }, async () => {
    const client = server.client;
    const network = (await client.post('/networks', { network: { name: 'kept' } })).body['network'] as { id: string };
    await client.post('/subnets', { subnet: { network_id: network.id, cidr: '10.50.0.0/24', ip_version: 4 } });
    const port = (await client.post('/ports', { port: { network_id: network.id, name: 'kept-port' } })).body['port'] as Record<string, unknown>;
    const router = (await client.post('/routers', { router: { name: 'kept-router' } })).body['router'] as Record<string, unknown>;
    const before = [await client.get(`/ports/${String(port['id'])}`), await client.get(`/routers/${String(router['id'])}`)].map((reply) => reply.body);

    const expected = new Set<string>();
    const deadline = Date.now() + SECONDS * 1000;
    let sent = 0;
    for (; sent < MESSAGES && Date.now() < deadline; sent++) {
      const msgId = `fuzz-${sent}`;
      const { body, expectsReply } = message(msgId, replyQueue);
      const topic = pick(TOPICS);
      const routingKey = random() < 0.2 ? `${topic}.${server.config.value('DEFAULT', 'host') ?? 'x'}` : topic;
      const fanout = random() < 0.05;
      if (fanout) channel.publish('q-server-resource-versions_fanout', '', body);
      else {
        channel.publish(exchange, routingKey, body, { contentType: 'application/json', contentEncoding: 'utf-8' });
        if (expectsReply) expected.add(msgId);
      }
      // Keep a bounded number in flight, as agents do.
      if (sent % 50 === 49) await expect.poll(() => [...expected].filter((id) => !answered.has(id)).length, { timeout: 30_000 }).toBeLessThan(100);
    }
    await expect.poll(() => [...expected].filter((id) => !answered.has(id)), { timeout: 30_000 }).toEqual([]);
    expect(sent).toBeGreaterThan(200);

    // The consumers still serve, and what existed is as it was.
    const after = [await client.get(`/ports/${String(port['id'])}`), await client.get(`/routers/${String(router['id'])}`)].map((reply) => reply.body);
    expect(after).toEqual(before);
    const probe = `fuzz-probe-${randomUUID()}`;
    channel.publish(
      exchange,
      'q-plugin',
      Buffer.from(
        JSON.stringify({
          'oslo.version': '2.0',
          'oslo.message': JSON.stringify({
            method: 'get_network_details',
            version: '1.9',
            args: { network: network.id, host: 'h' },
            _msg_id: probe,
            _reply_q: replyQueue,
            _unique_id: randomUUID().replaceAll('-', ''),
          }),
        }),
      ),
    );
    await expect.poll(() => answered.has(probe), { timeout: 10_000 }).toBe(true);
  });
});
