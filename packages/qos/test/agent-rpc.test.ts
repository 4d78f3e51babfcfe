import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { constants, silentLogger, topics } from '@net-server/lib';
import { createConnection, getRpcTransport, RpcClient, Target, type RpcServer, type Transport } from '@net-server/rpc';
import { rabbitDriver } from '@net-server/rpc-rabbit';
import type { ApiClient, TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qosServerOptions, startQosServer, type Dict } from './helpers.js';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const AGENT = fileURLToPath(new URL('./interop/neutron_qos_agent.py', import.meta.url));
const admin = { is_admin: true, roles: ['admin'], project_id: null, user_id: null };

/** How long a push or notification may take to reach the agent's side over the broker, checked every 20 ms. */
const BROKER_DELIVERY = { timeout: 15_000, interval: 20 };

/*
 * A server with ML2 and service_plugins = qos on RabbitMQ (a vhost and
 * control exchange of this file's own), and an L2 agent's side of neutron's
 * QoS agent extension: pull/bulk_pull on q-plugin, the fanout of policy
 * pushes on neutron-vo-QosPolicy-1.10, device details and port updates.
 */
describe('QoS agent RPC over RabbitMQ', () => {
  const vhost = `qos-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const exchange = `qos-${randomBytes(4).toString('hex')}`;
  const url = `rabbit://guest:guest@127.0.0.1:5672/${vhost}`;
  let server: TestServer;
  let api: ApiClient;
  let agent: Transport;
  let plugin: RpcClient;
  const consumers: RpcServer[] = [];
  const pushes: Dict[] = [];
  const portUpdates: Dict[] = [];

  beforeAll(async () => {
    await run('rabbitmqctl', ['-q', 'add_vhost', vhost], { timeout: 30_000 });
    await run('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { timeout: 30_000 });
    const base = qosServerOptions('sqlite');
    server = await startQosServer('sqlite', {
      rpc: true,
      config: { ...base.config, DEFAULT: { transport_url: url, control_exchange: exchange, rpc_response_timeout: 20, host: 'qos-test-server' } },
    });
    api = server.client;
    agent = await getRpcTransport(
      { transport_url: url, control_exchange: exchange, rpc_response_timeout: 20 },
      { drivers: { rabbit: rabbitDriver }, logger: silentLogger },
    );
    plugin = new RpcClient(agent, new Target({ topic: topics.PLUGIN, version: '1.1' }));
    // The agent side of ResourcesPushRpcCallback and of the port update notifications.
    const connection = createConnection(agent, { logger: silentLogger });
    connection.createConsumer(
      topics.resourceTopicName('QosPolicy', '1.10'),
      [{ target: new Target({ version: '1.1' }), push: (_ctx: unknown, args: Dict) => void pushes.push(args) }],
      {
        fanout: true,
        server: 'compute1',
      },
    );
    connection.createConsumer(
      topics.getTopicName(topics.AGENT, topics.PORT, topics.UPDATE),
      [{ port_update: (_ctx: unknown, args: Dict) => void portUpdates.push(args) }],
      {
        fanout: true,
        server: 'compute1',
      },
    );
    consumers.push(...(await connection.consume()));
    const reports = new RpcClient(agent, new Target({ topic: topics.REPORTS, version: '1.2' }));
    await reports.call(admin, 'report_state', {
      agent_state: {
        agent_state: {
          agent_type: constants.AGENT_TYPE_OVS,
          binary: 'neutron-openvswitch-agent',
          host: 'compute1',
          topic: 'N/A',
          start_flag: true,
          configurations: { bridge_mappings: { physnet1: 'br-vlan' }, tunnel_types: ['vxlan'], tunneling_ip: '192.0.2.11', extensions: ['qos'] },
          resource_versions: { QosPolicy: '1.10' },
        },
      },
      time: new Date().toISOString().replace('T', ' ').replace('Z', ''),
    });
  }, 300_000);

  afterAll(async () => {
    for (const consumer of consumers.splice(0)) {
      await consumer.stop();
      await consumer.wait();
    }
    await agent?.cleanup();
    await server?.stop();
    await run('rabbitmqctl', ['-q', 'delete_vhost', vhost], { timeout: 30_000 });
  }, 120_000);

  async function create(path: string, key: string, body: Dict): Promise<Dict> {
    const reply = await api.post(path, { [key]: body });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body[key] as Dict;
  }

  it('answers pull with the QosPolicy 1.10 primitive neutron sends, and null for an unknown policy', async () => {
    const policy = await create('/qos/policies', 'policy', { name: 'gold', description: 'web tier', shared: true });
    const id = String(policy['id']);
    const limit = await create(`/qos/policies/${id}/bandwidth_limit_rules`, 'bandwidth_limit_rule', { max_kbps: 10_000, max_burst_kbps: 1000 });
    const dscp = await create(`/qos/policies/${id}/dscp_marking_rules`, 'dscp_marking_rule', { dscp_mark: 26 });
    const stored = (await api.get(`/qos/policies/${id}`)).body['policy'] as Dict;
    const pulled = await plugin.call(admin, 'pull', { resource_type: 'QosPolicy', version: '1.10', resource_id: id });
    expect(pulled).toEqual({
      'versioned_object.name': 'QosPolicy',
      'versioned_object.namespace': 'versionedobjects',
      'versioned_object.version': '1.10',
      'versioned_object.data': {
        id,
        project_id: 'testkit-project',
        name: 'gold',
        shared: true,
        is_default: false,
        description: 'web tier',
        revision_number: 2,
        created_at: stored['created_at'],
        updated_at: stored['updated_at'],
        rules: [
          {
            'versioned_object.name': 'QosBandwidthLimitRule',
            'versioned_object.namespace': 'versionedobjects',
            'versioned_object.version': '1.5',
            'versioned_object.data': { id: limit['id'], qos_policy_id: id, max_kbps: 10_000, max_burst_kbps: 1000, direction: 'egress' },
          },
          {
            'versioned_object.name': 'QosDscpMarkingRule',
            'versioned_object.namespace': 'versionedobjects',
            'versioned_object.version': '1.5',
            'versioned_object.data': { id: dscp['id'], qos_policy_id: id, dscp_mark: 26 },
          },
        ],
      },
    });
    expect(await plugin.call(admin, 'pull', { resource_type: 'QosPolicy', version: '1.10', resource_id: '8a6c2f1e-0000-4000-8000-000000000000' })).toBeNull();
    // A policy the agent's context cannot see is not there for it either.
    const member = { is_admin: false, roles: ['member'], project_id: 'elsewhere' };
    const privateOne = await create('/qos/policies', 'policy', { name: 'private' });
    expect(await plugin.call(member, 'pull', { resource_type: 'QosPolicy', version: '1.10', resource_id: privateOne['id'] })).toBeNull();
  });

  it('answers bulk_pull by filters, and refuses versions and types it cannot produce', async () => {
    const a = await create('/qos/policies', 'policy', { name: 'bulk-a' });
    const b = await create('/qos/policies', 'policy', { name: 'bulk-b' });
    const pulled = (await plugin.call(admin, 'bulk_pull', {
      resource_type: 'QosPolicy',
      version: '1.10',
      filter_kwargs: { id: [a['id'], b['id']] },
    })) as Dict[];
    expect(pulled.map((object) => (object['versioned_object.data'] as Dict)['name']).sort()).toEqual(['bulk-a', 'bulk-b']);
    const byName = (await plugin.call(admin, 'bulk_pull', { resource_type: 'QosPolicy', version: '1.10', filter_kwargs: { name: 'bulk-b' } })) as Dict[];
    expect(byName.map((object) => (object['versioned_object.data'] as Dict)['id'])).toEqual([b['id']]);
    await expect(plugin.call(admin, 'pull', { resource_type: 'QosPolicy', version: '1.7', resource_id: a['id'] })).rejects.toMatchObject({
      excType: 'IncompatibleObjectVersion',
    });
    await expect(plugin.call(admin, 'pull', { resource_type: 'Trunk', version: '1.1', resource_id: a['id'] })).rejects.toMatchObject({
      excType: 'CallbackNotFound',
      value: 'Callback for Trunk not found',
    });
  });

  it('pushes updated policies, rule changes and deletions on neutron-vo-QosPolicy-1.10', async () => {
    const policy = await create('/qos/policies', 'policy', { name: 'pushed' });
    const id = String(policy['id']);
    const mine = (event: string) =>
      pushes.filter((push) => push['event_type'] === event && ((push['resource_list'] as Dict[])[0]!['versioned_object.data'] as Dict)['id'] === id);
    expect((await api.put(`/qos/policies/${id}`, { policy: { name: 'pushed-2' } })).status).toBe(200);
    await expect.poll(() => mine('updated').length, BROKER_DELIVERY).toBe(1);
    const [updated] = mine('updated')[0]!['resource_list'] as Dict[];
    expect(updated).toMatchObject({
      'versioned_object.name': 'QosPolicy',
      'versioned_object.version': '1.10',
      'versioned_object.data': { id, name: 'pushed-2', rules: [] },
    });
    const rule = await create(`/qos/policies/${id}/minimum_bandwidth_rules`, 'minimum_bandwidth_rule', { min_kbps: 100, direction: 'ingress' });
    await expect.poll(() => mine('updated').length, BROKER_DELIVERY).toBe(2);
    expect(((mine('updated')[1]!['resource_list'] as Dict[])[0]!['versioned_object.data'] as Dict)['rules']).toEqual([
      expect.objectContaining({
        'versioned_object.name': 'QosMinimumBandwidthRule',
        'versioned_object.data': { id: rule['id'], qos_policy_id: id, min_kbps: 100, direction: 'ingress' },
      }),
    ]);
    expect((await api.delete(`/qos/policies/${id}/minimum_bandwidth_rules/${String(rule['id'])}`)).status).toBe(204);
    await expect.poll(() => mine('updated').length, BROKER_DELIVERY).toBe(3);
    expect((await api.delete(`/qos/policies/${id}`)).status).toBe(204);
    await expect.poll(() => mine('deleted').length, BROKER_DELIVERY).toBe(1);
    expect((mine('deleted')[0]!['resource_list'] as Dict[])[0]).toEqual({
      'versioned_object.name': 'QosPolicy',
      'versioned_object.namespace': 'versionedobjects',
      'versioned_object.version': '1.10',
      'versioned_object.data': { id, shared: false, is_default: false },
      'versioned_object.changes': ['id', 'is_default', 'shared'],
    });
  });

  it("gives agents a bound port's policy and its network's in device details, and tells them when the port's policy changes", async () => {
    const netPolicy = await create('/qos/policies', 'policy', { name: 'net-policy' });
    const portPolicy = await create('/qos/policies', 'policy', { name: 'port-policy' });
    const network = await create('/networks', 'network', { name: 'qos-net', qos_policy_id: netPolicy['id'] });
    const port = await create('/ports', 'port', { network_id: network['id'], 'binding:host_id': 'compute1', device_owner: 'compute:nova', device_id: 'vm1' });
    const l2 = new RpcClient(agent, new Target({ topic: topics.PLUGIN, version: '1.9' }));
    const details = (await l2.call(admin, 'get_device_details', { device: port['id'], agent_id: 'ovs-compute1', host: 'compute1' })) as Dict;
    expect(details).toMatchObject({ port_id: port['id'], qos_policy_id: null, network_qos_policy_id: netPolicy['id'] });
    expect((await api.put(`/ports/${String(port['id'])}`, { port: { qos_policy_id: portPolicy['id'] } })).status).toBe(200);
    await expect
      .poll(
        () => portUpdates.some((update) => (update['port'] as Dict)['id'] === port['id'] && (update['port'] as Dict)['qos_policy_id'] === portPolicy['id']),
        BROKER_DELIVERY,
      )
      .toBe(true);
    expect(await l2.call(admin, 'get_device_details', { device: port['id'], agent_id: 'ovs-compute1', host: 'compute1' })).toMatchObject({
      qos_policy_id: portPolicy['id'],
      network_qos_policy_id: netPolicy['id'],
    });
  });

  describe("with neutron's own agent-side classes (python3-neutron)", () => {
    const agentArgs = (scenario: string, extra: string[]): string[] => [AGENT, '--url', url, '--exchange', exchange, '--scenario', scenario, ...extra];

    it('pulls and bulk-pulls policies into neutron QosPolicy objects, and gets ResourceNotFound for an unknown one', async () => {
      const policy = await create('/qos/policies', 'policy', { name: 'py-gold', description: 'from python' });
      const id = String(policy['id']);
      const limit = await create(`/qos/policies/${id}/bandwidth_limit_rules`, 'bandwidth_limit_rule', { max_kbps: 5000, direction: 'ingress' });
      const minimum = await create(`/qos/policies/${id}/minimum_bandwidth_rules`, 'minimum_bandwidth_rule', { min_kbps: 100 });
      // The packet rate rules (qos-pps, qos-pps-minimum) travel as QosPolicy 1.10 carries them.
      const packetRate = await create(`/qos/policies/${id}/packet_rate_limit_rules`, 'packet_rate_limit_rule', { max_kpps: 300, max_burst_kpps: 30 });
      const minimumRate = await create(`/qos/policies/${id}/minimum_packet_rate_rules`, 'minimum_packet_rate_rule', { min_kpps: 10, direction: 'any' });
      const other = await create('/qos/policies', 'policy', { name: 'py-other' });
      const { stdout } = await run(PYTHON, agentArgs('pull', ['--policy', id, '--policy', String(other['id'])]), { timeout: 120_000 });
      const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as Dict;
      expect(out['pulled']).toEqual({
        class: 'QosPolicy',
        id,
        project_id: 'testkit-project',
        name: 'py-gold',
        description: 'from python',
        shared: false,
        is_default: false,
        revision_number: 4,
        // QosPolicy's datetimes are naive (tzinfo_aware=False), read from our UTC isotime.
        created_at: String(policy['created_at']).replace('Z', ''),
        rules: [
          {
            class: 'QosBandwidthLimitRule',
            type: 'bandwidth_limit',
            id: limit['id'],
            qos_policy_id: id,
            max_kbps: 5000,
            max_burst_kbps: 0,
            direction: 'ingress',
          },
          { class: 'QosMinimumBandwidthRule', type: 'minimum_bandwidth', id: minimum['id'], qos_policy_id: id, min_kbps: 100, direction: 'egress' },
          { class: 'QosMinimumPacketRateRule', type: 'minimum_packet_rate', id: minimumRate['id'], qos_policy_id: id, min_kpps: 10, direction: 'any' },
          {
            class: 'QosPacketRateLimitRule',
            type: 'packet_rate_limit',
            id: packetRate['id'],
            qos_policy_id: id,
            max_kpps: 300,
            max_burst_kpps: 30,
            direction: 'egress',
          },
        ],
      });
      expect(out['bulk']).toEqual([id, String(other['id'])].sort());
      expect(out['missing']).toBe('ResourceNotFound');
    }, 180_000);

    it('receives pushed updates and deletions as neutron QosPolicy objects', async () => {
      const policy = await create('/qos/policies', 'policy', { name: 'py-pushed' });
      const id = String(policy['id']);
      const child = spawn(PYTHON, agentArgs('listen', ['--pushes', '2']), { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const lines: Dict[] = [];
      createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line) as Dict));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      // The agent's first line (ready), or its exit, whose stderr the next expectation shows.
      await expect.poll(() => lines.length > 0 || child.exitCode !== null, { timeout: 60_000, interval: 20 }).toBe(true);
      expect(lines[0], stderr).toMatchObject({ ready: true, topic: 'neutron-vo-QosPolicy-1.10' });
      expect((await api.put(`/qos/policies/${id}`, { policy: { description: 'pushed to python' } })).status).toBe(200);
      expect((await api.delete(`/qos/policies/${id}`)).status).toBe(204);
      expect(await exited, stderr).toBe(0);
      const pushed = (lines.at(-1)!['pushes'] as Dict[]).filter((push) => (push['policy'] as Dict)['id'] === id);
      expect(pushed).toEqual([
        {
          event_type: 'updated',
          resource_type: 'QosPolicy',
          policy: expect.objectContaining({ class: 'QosPolicy', id, name: 'py-pushed', description: 'pushed to python', revision_number: 1, rules: [] }),
        },
        { event_type: 'deleted', resource_type: 'QosPolicy', policy: { class: 'QosPolicy', id, shared: false, is_default: false } },
      ]);
    }, 180_000);
  });
});
