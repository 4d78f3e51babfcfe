import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { constants } from '@net-server/lib';
import type { RpcServer, Transport } from '@net-server/rpc';
import { afterEach, describe, expect, it } from 'vitest';
import { ml2View } from '../src/db/ml2-view.js';
import { brokerVhost } from './broker.js';
import { tempDir } from './helpers.js';
import { admin, ml2Plugin, projectContext } from './plugin-helpers.js';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./interop/neutron_agent.py', import.meta.url));
const broker = brokerVhost();
const servers: RpcServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    await server.stop();
    await server.wait();
  }
});

/** Runs neutron's agent-side RPC classes (Debian's python3-neutron) against the server. */
async function neutronAgent(transport: Transport, scenario: string, extra: string[] = []): Promise<Record<string, unknown>> {
  const { stdout } = await run(
    PYTHON,
    [SCRIPT, '--url', broker.url, '--exchange', transport.controlExchange, '--host', 'py-host', '--scenario', scenario, ...extra],
    { timeout: 120_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

describe("neutron's own agent RPC clients", () => {
  it('register agents, fetch device details and security groups, report devices up and sync tunnels', async () => {
    const transport = await broker.transport();
    const { plugin } = await ml2Plugin({}, undefined, transport);
    servers.push(...(await plugin.startRpcListeners()), ...(await plugin.startRpcStateReportsListener()));

    expect(await neutronAgent(transport, 'register')).toEqual({ ovs: 'new', dhcp: 'new', ovs_again: 'alive' });
    const agents = await plugin.getAgents(admin);
    expect(agents.map((a) => `${String(a['agent_type'])}@${String(a['host'])}:${String(a['alive'])}`).sort()).toEqual([
      'DHCP agent@py-host:true',
      'Open vSwitch agent@py-host:true',
    ]);

    const network = await plugin.createNetwork(projectContext, { name: 'py' });
    const subnet = await plugin.createSubnet(projectContext, { network_id: network.id, cidr: '10.9.0.0/24', ip_version: 4 });
    const port = await plugin.createPort(admin, { network_id: network.id, 'binding:host_id': 'py-host', device_owner: 'compute:nova', device_id: 'vm' });
    expect(port['binding:vif_type']).toBe('ovs');

    const ip = (port.fixed_ips[0] as { ip_address: string }).ip_address;
    const out = await neutronAgent(transport, 'devices', ['--device', port.id, '--ip', ip, '--network', network.id]);
    expect(out['details']).toEqual([
      expect.objectContaining({
        device: port.id,
        port_id: port.id,
        network_id: network.id,
        network_type: 'vxlan',
        segmentation_id: network['provider:segmentation_id'],
        mtu: 1450,
      }),
    ]);
    expect(out['details_and_failed']).toMatchObject({ devices: [{ device: port.id }], failed_devices: [] });
    expect(out['device_list']).toEqual({ devices_up: [port.id], failed_devices_up: [], devices_down: [], failed_devices_down: [] });
    expect(out['sg_devices']).toEqual({ [port.id]: port['security_groups'] });
    expect(out['sg_groups']).toEqual(port['security_groups']);
    const [group] = port['security_groups'] as string[];
    expect(out['sg_member_cidrs']).toEqual({ [group!]: { IPv4: [`${ip}/32`], IPv6: [] } });
    expect(out['metadata_ports']).toEqual([port.id]);
    expect(out['tunnels']).toEqual({ tunnels: [{ ip_address: '192.0.2.50', host: 'py-host', udp_port: 4789 }] });
    expect(out['dhcp_networks']).toEqual([{ id: network.id, subnets: [subnet.id], ports: [port.id] }]);
    expect((await plugin.getPort(admin, port.id)).status).toBe('ACTIVE');
  }, 240_000);
});

/** Starts neutron's agent-side script; resolves its first JSON line while it keeps running, and its last once it exits. */
function neutronAgentRunning(
  transport: Transport,
  scenario: string,
  extra: string[],
): { first: Promise<Record<string, unknown>>; last: Promise<Record<string, unknown>> } {
  const child = spawn(PYTHON, [SCRIPT, '--url', broker.url, '--exchange', transport.controlExchange, '--host', 'py-host', '--scenario', scenario, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  let stdout = '';
  let stderr = '';
  let resolveFirst: (line: Record<string, unknown>) => void = () => undefined;
  const first = new Promise<Record<string, unknown>>((resolve) => (resolveFirst = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    // Complete lines only: the last piece may be a line still arriving.
    const line = stdout
      .split('\n')
      .slice(0, -1)
      .find((text) => text.startsWith('{'));
    if (line) resolveFirst(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const last = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.on('exit', (code) => {
      clearTimeout(timer);
      const lines = stdout
        .trim()
        .split('\n')
        .filter((text) => text.startsWith('{'));
      if (code !== 0 || lines.length === 0) reject(new Error(`neutron_agent.py exited ${String(code)}:\n${stderr.slice(-3000)}`));
      else resolve(JSON.parse(lines.at(-1)!) as Record<string, unknown>);
    });
  });
  // A script that dies before its first line fails the wait for it too.
  void last.catch((error: unknown) => resolveFirst({ error: String(error) }));
  return { first, last };
}

type Dicts = { ids: string[]; api_ids: string[]; roundtrip_mismatches: unknown[]; dicts: Record<string, unknown>[] };

describe("neutron's resource cache (the Open vSwitch agent's CacheBackedPluginApi)", () => {
  it('pulls every object it caches, rebuilds them losslessly, serves device and security group details from them, and hears of changes by push', async () => {
    const transport = await broker.transport();
    const { plugin, database } = await ml2Plugin({}, undefined, transport);
    servers.push(...(await plugin.startRpcListeners()));
    await plugin.agentsDb.createOrUpdate(ml2View(database.db), {
      agent_type: constants.AGENT_TYPE_OVS,
      binary: 'neutron-openvswitch-agent',
      host: 'py-host',
      topic: 'N/A',
      configurations: { tunnel_types: ['vxlan'], tunneling_ip: '192.0.2.50' },
    });
    const network = await plugin.createNetwork(projectContext, { name: 'py' });
    const subnet = await plugin.createSubnet(projectContext, { network_id: network.id, cidr: '10.9.0.0/24', ip_version: 4, dns_nameservers: ['192.0.2.53'] });
    const port = await plugin.createPort(projectContext, {
      network_id: network.id,
      'binding:host_id': 'py-host',
      device_owner: 'compute:nova',
      device_id: 'vm',
    });
    const other = await plugin.createPort(projectContext, { network_id: network.id, device_owner: 'compute:nova', device_id: 'vm2' });
    const [group] = port['security_groups'] as string[];
    const expectFile = join(tempDir(), 'expect.json');
    const agent = neutronAgentRunning(transport, 'objects', [
      '--device',
      port.id,
      '--network',
      network.id,
      '--subnet',
      subnet.id,
      '--group',
      group!,
      '--expect-file',
      expectFile,
    ]);

    const pulled = await agent.first;
    expect(pulled['error']).toBeUndefined();
    const objects = pulled['pulled'] as Record<string, Dicts>;
    for (const [query, result] of Object.entries(objects)) {
      expect(result.roundtrip_mismatches, `${query}: rebuilt objects serialize to what was sent`).toEqual([]);
      expect(result.api_ids, `${query}: ResourcesPullRpcApi.bulk_pull`).toEqual(result.ids);
    }
    const segmentationId = network['provider:segmentation_id'];
    const ip = (port.fixed_ips[0] as { ip_address: string }).ip_address;
    expect(objects['Port id']!.dicts).toEqual([
      expect.objectContaining({
        id: port.id,
        network_id: network.id,
        mac_address: port['mac_address'],
        status: 'DOWN',
        device_owner: 'compute:nova',
        security_group_ids: [group],
        security: expect.objectContaining({ port_security_enabled: true }),
        fixed_ips: [expect.objectContaining({ subnet_id: subnet.id, ip_address: ip })],
        bindings: [
          expect.objectContaining({
            host: 'py-host',
            vif_type: 'ovs',
            vnic_type: 'normal',
            status: 'ACTIVE',
            vif_details: expect.stringContaining('"port_filter": true'),
          }),
        ],
        binding_levels: [
          expect.objectContaining({
            level: 0,
            driver: 'openvswitch',
            segment: expect.objectContaining({ network_type: 'vxlan', segmentation_id: segmentationId }),
          }),
        ],
        qos_policy_id: null,
      }),
    ]);
    expect(objects['Port security_group_ids']!.ids).toEqual([port.id, other.id].sort());
    expect(objects['Network id']!.dicts).toEqual([
      expect.objectContaining({
        id: network.id,
        mtu: 1450,
        name: 'py',
        segments: [expect.objectContaining({ network_type: 'vxlan', segmentation_id: segmentationId })],
      }),
    ]);
    expect(objects['Subnet network_id']!.ids).toEqual([subnet.id]);
    expect(objects['Subnet id']!.dicts).toEqual([
      expect.objectContaining({ cidr: '10.9.0.0/24', gateway_ip: '10.9.0.1', dns_nameservers: [expect.objectContaining({ address: '192.0.2.53', order: 0 })] }),
    ]);
    expect(objects['SecurityGroup id']!.dicts).toEqual([expect.objectContaining({ id: group, name: 'default', is_default: true, stateful: true })]);
    const rules = objects['SecurityGroupRule security_group_id']!;
    expect(rules.ids.length).toBe(4);
    expect(objects['AddressGroup id']!.ids).toEqual([]);
    expect(pulled['errors']).toEqual({ old_version: 'IncompatibleObjectVersion', bad_filter: 'InvalidInput' });
    // CacheBackedPluginApi.get_device_details, from the cache the pulls filled.
    expect(pulled['details']).toEqual({
      devices: [
        expect.objectContaining({
          device: port.id,
          port_id: port.id,
          network_id: network.id,
          network_type: 'vxlan',
          segmentation_id: segmentationId,
          physical_network: null,
          vif_type: 'ovs',
          admin_state_up: true,
          port_security_enabled: true,
          security_groups: [group],
          fixed_ips: [{ subnet_id: subnet.id, ip_address: ip }],
        }),
      ],
      failed_devices: [],
    });
    const sgInfo = pulled['sg_info'] as {
      devices: string[];
      security_groups: Record<string, Record<string, unknown>[]>;
      sg_member_ips: Record<string, Record<string, unknown[]>>;
    };
    expect(sgInfo.devices).toEqual([port.id]);
    expect(sgInfo.security_groups[group!]).toContainEqual({ direction: 'ingress', ethertype: 'IPv4', remote_group_id: group, stateful: true });
    const otherIp = (other.fixed_ips[0] as { ip_address: string }).ip_address;
    expect(sgInfo.sg_member_ips[group!]!['IPv4']!.map(String).sort()).toEqual(
      [
        [ip, port['mac_address']],
        [otherIp, other['mac_address']],
      ]
        .map(String)
        .sort(),
    );

    // Changes the agent hears of only by push: its queries are answered already.
    await plugin.updatePort(projectContext, port.id, { name: 'renamed' });
    await plugin.updateNetwork(projectContext, network.id, { name: 'py2' });
    const rule = await plugin.createSecurityGroupRule(projectContext, {
      security_group_id: group,
      direction: 'ingress',
      ethertype: 'IPv4',
      protocol: 'tcp',
      port_range_min: 2222,
      port_range_max: 2222,
    });
    const egressV6 = rules.dicts.find((r) => r['direction'] === 'egress' && r['ethertype'] === 'IPv6')!;
    await plugin.deleteSecurityGroupRule(projectContext, String(egressV6['id']));
    const web = await plugin.createSecurityGroup(projectContext, { name: 'web' });
    await plugin.deletePort(projectContext, other.id);
    const second = await plugin.createSubnet(projectContext, { network_id: network.id, cidr: '10.9.1.0/24', ip_version: 4 });
    writeFileSync(
      expectFile,
      JSON.stringify({
        port_name: 'renamed',
        network_name: 'py2',
        rule: rule['id'],
        deleted_rule: egressV6['id'],
        new_group: web['id'],
        new_group_rule_count: 2,
        deleted_port: other.id,
        new_subnet: second.id,
      }),
    );
    const last = await agent.last;
    const pushed = last['state'] as Record<string, unknown>;
    // Every change reached the cache before the script's 20 s bound.
    expect(last['waited_s']).toBeLessThan(20);
    expect(pushed).toMatchObject({ port_name: 'renamed', network_name: 'py2', new_group_rules: expect.any(Array) });
    expect(pushed['rules']).toContain(rule['id']);
    expect(pushed['rules']).not.toContain(egressV6['id']);
    expect((pushed['new_group_rules'] as unknown[]).length).toBe(2);
    expect(pushed['events']).toEqual(
      expect.arrayContaining([
        ['Port', 'after_update', port.id],
        ['Port', 'after_delete', other.id],
        ['Network', 'after_update', network.id],
        ['SecurityGroupRule', 'after_update', rule['id']],
        ['SecurityGroupRule', 'after_delete', egressV6['id']],
        ['SecurityGroup', 'after_update', web['id']],
        ['Subnet', 'after_update', second.id],
      ]),
    );
  }, 240_000);
});
