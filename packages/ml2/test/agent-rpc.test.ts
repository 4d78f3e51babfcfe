import { constants, getAdminContext } from '@net-server/lib';
import { createConnection, RpcClient, Target, type RpcServer, type Transport } from '@net-server/rpc';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ml2Plugin } from '@net-server/ml2';
import { BROKER_DELIVERY, brokerVhost } from './broker.js';
import { admin, ml2Plugin, projectContext } from './plugin-helpers.js';

const broker = brokerVhost();
const context = getAdminContext().toDict();
const servers: RpcServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    await server.stop();
    await server.wait();
  }
});

/** The plugin on a fresh database and control exchange, serving every agent topic. */
async function serving(): Promise<{
  plugin: Ml2Plugin;
  transport: Transport;
  call: (topic: string, method: string, args: Record<string, unknown>, fields?: object) => Promise<unknown>;
}> {
  const transport = await broker.transport();
  const { plugin } = await ml2Plugin({}, undefined, transport);
  servers.push(...(await plugin.startRpcListeners()), ...(await plugin.startRpcStateReportsListener()));
  const client = new RpcClient(transport, new Target({ version: '1.0' }));
  const call = (topic: string, method: string, args: Record<string, unknown>, fields: object = {}) =>
    client.prepare({ topic, ...fields }).call(context, method, args);
  return { plugin, transport, call };
}

function agentTime(date = new Date()): string {
  return `${date.toISOString().slice(0, 23)}000`;
}

const ovsState = (host: string) => ({
  agent_type: constants.AGENT_TYPE_OVS,
  binary: 'neutron-openvswitch-agent',
  host,
  topic: 'N/A',
  start_flag: true,
  configurations: { bridge_mappings: { physnet1: 'br-vlan' }, tunnel_types: ['vxlan'], tunneling_ip: '192.0.2.11' },
});

async function reportState(call: Awaited<ReturnType<typeof serving>>['call'], state: Record<string, unknown>, time = agentTime()): Promise<unknown> {
  return call('q-reports-plugin', 'report_state', { agent_state: { agent_state: state }, time }, { version: '1.2' });
}

/** A fanout consumer on a notifier topic, collecting what arrives. */
async function listen(transport: Transport, topic: string, method: string): Promise<Record<string, unknown>[]> {
  const received: Record<string, unknown>[] = [];
  const connection = createConnection(transport);
  connection.createConsumer(topic, [{ [method]: (_ctx: unknown, args: Record<string, unknown>) => void received.push(args) }], {
    fanout: true,
    server: 'agent-host',
  });
  servers.push(...(await connection.consume()));
  return received;
}

describe('q-reports-plugin', () => {
  it('records agents from report_state and answers new, then alive', async () => {
    const { plugin, call } = await serving();
    expect(await reportState(call, ovsState('compute1'))).toBe('new');
    expect(await reportState(call, { ...ovsState('compute1'), start_flag: false })).toBe('alive');
    const [agent] = await plugin.getAgents(admin);
    expect(agent).toMatchObject({ agent_type: 'Open vSwitch agent', host: 'compute1', alive: true, configurations: ovsState('compute1').configurations });
    expect(await call('q-reports-plugin', 'has_alive_neutron_server', {}, { version: '1.2' })).toBe(true);
  });

  it('skips reports sent before the server started', async () => {
    const { plugin, call } = await serving();
    expect(await reportState(call, ovsState('compute1'), agentTime(new Date(Date.now() - 3_600_000)))).toBeNull();
    expect(await plugin.getAgents(admin)).toEqual([]);
  });

  it('answers a malformed report with the remote InvalidInput', async () => {
    const { call } = await serving();
    await expect(call('q-reports-plugin', 'report_state', { agent_state: {}, time: agentTime() }, { version: '1.2' })).rejects.toThrow(
      /report_state needs agent_state/,
    );
  });
});

describe('q-plugin L2 agent callbacks', () => {
  async function boundPort() {
    const served = await serving();
    await reportState(served.call, ovsState('compute1'));
    const network = await served.plugin.createNetwork(projectContext, { name: 'n' });
    const port = await served.plugin.createPort(admin, {
      network_id: network.id,
      'binding:host_id': 'compute1',
      device_owner: 'compute:nova',
      device_id: 'vm1',
    });
    return { ...served, network, port };
  }

  it('gives device details of a bound port, sets it BUILD, then ACTIVE and DOWN on device up and down', async () => {
    const { plugin, call, network, port } = await boundPort();
    const details = await call('q-plugin', 'get_device_details', { device: port.id, agent_id: 'ovs-compute1', host: 'compute1' });
    expect(details).toEqual({
      device: port.id,
      network_id: network.id,
      port_id: port.id,
      mac_address: port.mac_address,
      admin_state_up: true,
      network_type: 'vxlan',
      segmentation_id: network['provider:segmentation_id'],
      physical_network: null,
      mtu: 1450,
      fixed_ips: port.fixed_ips,
      device_owner: 'compute:nova',
      allowed_address_pairs: [],
      port_security_enabled: true,
      qos_policy_id: null,
      network_qos_policy_id: null,
      profile: {},
      propagate_uplink_status: false,
    });
    expect((await plugin.getPort(admin, port.id)).status).toBe('BUILD');
    await call('q-plugin', 'update_device_up', { device: `tap${port.id.slice(0, 11)}`, agent_id: 'ovs-compute1', host: 'compute1' });
    expect((await plugin.getPort(admin, port.id)).status).toBe('ACTIVE');
    expect(await call('q-plugin', 'update_device_down', { device: port.id, agent_id: 'ovs-compute1', host: 'compute1' })).toEqual({
      device: port.id,
      exists: true,
    });
    expect((await plugin.getPort(admin, port.id)).status).toBe('DOWN');
    expect(await call('q-plugin', 'update_device_down', { device: 'tapdeadbeef-00', host: 'compute1' })).toEqual({ device: 'tapdeadbeef-00', exists: false });
  });

  it('answers unknown, unbound and elsewhere-bound devices as neutron does', async () => {
    const { plugin, call, network, port } = await boundPort();
    const unbound = await plugin.createPort(admin, { network_id: network.id });
    const replies = await call('q-plugin', 'get_devices_details_list', { devices: ['nosuch', unbound.id, port.id], agent_id: 'a', host: 'compute2' });
    expect(replies).toEqual([{ device: 'nosuch' }, { device: unbound.id }, { device: port.id, no_active_binding: true }]);
    const both = await call('q-plugin', 'get_devices_details_list_and_failed_devices', { devices: [port.id], agent_id: 'a', host: 'compute1' });
    expect(both).toEqual({ devices: [expect.objectContaining({ device: port.id, port_id: port.id })], failed_devices: [] });
  });

  it('binds again, when its agent asks for details, a port whose binding failed because the agent was not there yet', async () => {
    const { plugin, call, network } = await boundPort();
    const early = await plugin.createPort(admin, { network_id: network.id, 'binding:host_id': 'compute9', device_owner: 'compute:nova', device_id: 'vm9' });
    expect(early['binding:vif_type']).toBe('binding_failed');
    await reportState(call, ovsState('compute9'));
    const [details] = (await call('q-plugin', 'get_devices_details_list', {
      devices: [`tap${early.id.slice(0, 11)}`],
      agent_id: 'ovs-compute9',
      host: 'compute9',
    })) as Record<string, unknown>[];
    expect(details).toMatchObject({ port_id: early.id, network_type: 'vxlan', segmentation_id: network['provider:segmentation_id'] });
    expect(await plugin.getPort(admin, early.id)).toMatchObject({ 'binding:vif_type': 'ovs', status: 'BUILD' });
  });

  it('gives network details', async () => {
    const { call, network } = await boundPort();
    expect(await call('q-plugin', 'get_network_details', { network: network.id, agent_id: 'a', host: 'compute1' })).toMatchObject({
      id: network.id,
      'provider:network_type': 'vxlan',
    });
  });

  it('records the resource versions agents announce on the fanout topic', async () => {
    const { plugin, transport, call } = await serving();
    await reportState(call, ovsState('compute1'));
    const client = new RpcClient(transport, new Target({ topic: 'q-server-resource-versions', fanout: true, version: '1.0' }));
    await client.cast(context, 'report_agent_resource_versions', { agent_type: 'Open vSwitch agent', agent_host: 'compute1', version_map: { Port: '1.7' } });
    const versions = async () => (await plugin.getAgents(admin))[0]?.['resource_versions'];
    await expect.poll(versions, { timeout: 10_000 }).toEqual({ Port: '1.7' });
  });

  it('answers pull and bulk_pull from the producer a service plugin provided, and CallbackNotFound for other types', async () => {
    const { plugin, call } = await serving();
    const primitive = (id: string, version: string) => ({
      'versioned_object.name': 'Widget',
      'versioned_object.namespace': 'versionedobjects',
      'versioned_object.version': version,
      'versioned_object.data': { id },
    });
    plugin.resourceProducers.provide('Widget', {
      pull: async (_context, id, version) => (id === 'w1' ? primitive(id, version) : null),
      bulkPull: async (_context, filters, version) => ((filters['id'] as string[] | undefined) ?? []).map((id) => primitive(id, version)),
    });
    expect(await call('q-plugin', 'pull', { resource_type: 'Widget', version: '1.2', resource_id: 'w1' }, { version: '1.1' })).toEqual(primitive('w1', '1.2'));
    expect(await call('q-plugin', 'pull', { resource_type: 'Widget', version: '1.2', resource_id: 'w2' }, { version: '1.1' })).toBeNull();
    expect(await call('q-plugin', 'bulk_pull', { resource_type: 'Widget', version: '1.2', filter_kwargs: { id: ['a', 'b'] } }, { version: '1.1' })).toEqual([
      primitive('a', '1.2'),
      primitive('b', '1.2'),
    ]);
    await expect(call('q-plugin', 'pull', { resource_type: 'Gadget', version: '1.0', resource_id: 'g' }, { version: '1.1' })).rejects.toMatchObject({
      excType: 'CallbackNotFound',
      value: 'Callback for Gadget not found',
    });
  });

  it('keeps a port out of ACTIVE until both its L2 agent and the DHCP agent are done', async () => {
    const { plugin, call } = await serving();
    await reportState(call, ovsState('compute1'));
    await reportState(call, { agent_type: constants.AGENT_TYPE_DHCP, binary: 'neutron-dhcp-agent', host: 'net1', topic: 'dhcp_agent', configurations: {} });
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    // Its first subnet schedules the network to the DHCP agent; a VM's port then waits for that agent too.
    const subnet = await plugin.createSubnet(projectContext, { network_id: network.id, cidr: '10.3.0.0/24', ip_version: 4 });
    expect((await plugin.dhcp.agentsHostingNetwork(admin, network.id)).map((agent) => agent['host'])).toEqual(['net1']);
    const port = await plugin.createPort(admin, {
      network_id: network.id,
      fixed_ips: [{ subnet_id: subnet.id }],
      'binding:host_id': 'compute1',
      device_owner: 'compute:nova',
    });
    await call('q-plugin', 'get_device_details', { device: port.id, agent_id: 'a', host: 'compute1' });
    await call('q-plugin', 'update_device_up', { device: port.id, agent_id: 'a', host: 'compute1' });
    expect((await plugin.getPort(admin, port.id)).status).toBe('BUILD');
    await call('q-plugin', 'dhcp_ready_on_ports', { port_ids: [port.id] }, { version: '1.10' });
    expect((await plugin.getPort(admin, port.id)).status).toBe('ACTIVE');
  });

  it('updates device lists', async () => {
    const { plugin, call, port } = await boundPort();
    const reply = await call('q-plugin', 'update_device_list', { devices_up: [port.id], devices_down: [], agent_id: 'a', host: 'compute1' });
    expect(reply).toEqual({ devices_up: [port.id], failed_devices_up: [], devices_down: [], failed_devices_down: [] });
    expect((await plugin.getPort(admin, port.id)).status).toBe('ACTIVE');
  });

  it('syncs tunnel endpoints and tells the other agents', async () => {
    const { call, transport } = await serving();
    const updates = await listen(transport, 'q-agent-notifier-tunnel-update', 'tunnel_update');
    const first = await call('q-plugin', 'tunnel_sync', { tunnel_ip: '192.0.2.11', tunnel_type: 'vxlan', host: 'compute1' }, { version: '1.4' });
    expect(first).toEqual({ tunnels: [{ ip_address: '192.0.2.11', host: 'compute1', udp_port: 4789 }] });
    const second = await call('q-plugin', 'tunnel_sync', { tunnel_ip: '192.0.2.12', tunnel_type: 'vxlan', host: 'compute2' }, { version: '1.4' });
    expect(second).toEqual({
      tunnels: [
        { ip_address: '192.0.2.11', host: 'compute1', udp_port: 4789 },
        { ip_address: '192.0.2.12', host: 'compute2', udp_port: 4789 },
      ],
    });
    await expect.poll(() => updates.length, BROKER_DELIVERY).toBe(2);
    expect(updates[1]).toEqual({ tunnel_ip: '192.0.2.12', tunnel_type: 'vxlan' });
    await expect(call('q-plugin', 'tunnel_sync', { tunnel_ip: '2001:db8::1', tunnel_type: 'vxlan', host: 'c3' }, { version: '1.4' })).rejects.toThrow(
      /Tunnel IP version does not match ML2 overlay_ip_version: 4/,
    );
  });

  it('notifies agents of port updates on the fanout topic', async () => {
    const { plugin, transport, port } = await boundPort();
    const updates = await listen(transport, 'q-agent-notifier-port-update', 'port_update');
    await plugin.updatePort(admin, port.id, { name: 'renamed' });
    await expect.poll(() => updates.length, BROKER_DELIVERY).toBe(1);
    expect(updates[0]!['port']).toMatchObject({ id: port.id, name: 'renamed' });
  });
});

describe('q-plugin security group callbacks', () => {
  it('answer what the firewall drivers need for devices', async () => {
    const { plugin, call } = await serving();
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    const subnet = await plugin.createSubnet(projectContext, { network_id: network.id, cidr: '10.2.0.0/24', ip_version: 4 });
    const web = await plugin.createSecurityGroup(projectContext, { name: 'web' });
    // Agents get the prefix's network (normalized_cidr), as from neutron.
    await plugin.createSecurityGroupRule(projectContext, {
      security_group_id: web['id'],
      direction: 'ingress',
      ethertype: 'IPv4',
      protocol: 'tcp',
      port_range_min: 443,
      port_range_max: 443,
      remote_ip_prefix: '192.0.2.7/24',
    });
    const a = await plugin.createPort(projectContext, { network_id: network.id, fixed_ips: [{ subnet_id: subnet.id }] });
    const b = await plugin.createPort(projectContext, { network_id: network.id, fixed_ips: [{ subnet_id: subnet.id }], security_groups: [web['id']] });
    // The network's own ports are trusted: left out, so agents let their traffic (DHCP offers) through.
    const dhcp = await plugin.createPort(admin, { network_id: network.id, device_owner: constants.DEVICE_OWNER_DHCP, device_id: 'dhcp-x' });
    const [defaultGroup] = a['security_groups'] as string[];
    const info = (await call(
      'q-plugin',
      'security_group_info_for_devices',
      { devices: [a.id, `tap${b.id.slice(0, 11)}`, dhcp.id] },
      { version: '1.3' },
    )) as Record<string, Record<string, unknown>>;
    expect(Object.keys(info['devices']!).sort()).toEqual([a.id, b.id].sort());
    expect(info['devices']![a.id]).toMatchObject({
      device: a.id,
      security_groups: [defaultGroup],
      security_group_source_groups: [defaultGroup],
      fixed_ips: [a.fixed_ips[0]!.ip_address],
    });
    expect(info['devices']![b.id]).toMatchObject({ device: `tap${b.id.slice(0, 11)}`, security_groups: [web['id']], security_group_source_groups: [] });
    const dhcpIn = (prefix: string) => ({
      direction: 'ingress',
      ethertype: 'IPv4',
      protocol: 'udp',
      port_range_min: 68,
      port_range_max: 68,
      source_port_range_min: 67,
      source_port_range_max: 67,
      dest_ip_prefix: prefix,
    });
    expect(info['devices']![a.id]!['security_group_rules']).toEqual(
      expect.arrayContaining([dhcpIn(`${a.fixed_ips[0]!.ip_address}/32`), dhcpIn('255.255.255.255/32')]),
    );
    expect(info['security_groups']![String(web['id'])]).toEqual(
      expect.arrayContaining([
        {
          direction: 'ingress',
          ethertype: 'IPv4',
          stateful: true,
          protocol: 'tcp',
          port_range_min: 443,
          port_range_max: 443,
          source_ip_prefix: '192.0.2.0/24',
        },
      ]),
    );
    expect(info['security_groups']![defaultGroup!]).toEqual(
      expect.arrayContaining([{ direction: 'ingress', ethertype: 'IPv4', stateful: true, remote_group_id: defaultGroup }]),
    );
    // Members as [ip, mac] pairs, which Zed agents unpack (the MAC is an allowed address pair's only).
    expect(info['sg_member_ips']).toEqual({ [defaultGroup!]: { IPv4: [[a.fixed_ips[0]!.ip_address, null]], IPv6: [] } });
    const perPort = (await call('q-plugin', 'security_group_rules_for_devices', { devices: [a.id] }, { version: '1.1' })) as Record<
      string,
      Record<string, unknown>
    >;
    expect(perPort[a.id]!['security_group_rules']).toEqual(
      expect.arrayContaining([
        { direction: 'ingress', ethertype: 'IPv4', stateful: true, security_group_id: defaultGroup, source_ip_prefix: `${a.fixed_ips[0]!.ip_address}/32` },
      ]),
    );
  });
});

describe('q-plugin DHCP agent callbacks', () => {
  const dhcpState = { agent_type: constants.AGENT_TYPE_DHCP, binary: 'neutron-dhcp-agent', host: 'net1', topic: 'dhcp_agent', configurations: {} };
  const dhcp = { version: '1.10' };

  it('serves networks to registered DHCP agents, and creates and releases their ports', async () => {
    const { plugin, call } = await serving();
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    const subnet = await plugin.createSubnet(projectContext, { network_id: network.id, cidr: '10.0.0.0/24', ip_version: 4, enable_dhcp: true });
    expect(await call('q-plugin', 'get_active_networks_info', { host: 'net1' }, dhcp)).toEqual([]);
    await reportState(call, dhcpState);
    const [info] = (await call('q-plugin', 'get_active_networks_info', { host: 'net1' }, dhcp)) as Record<string, unknown>[];
    expect(info).toMatchObject({ id: network.id, tenant_id: 'p1', project_id: 'p1', admin_state_up: true, mtu: 1450, non_local_subnets: [], ports: [] });
    expect((info!['subnets'] as { id: string }[]).map((s) => s.id)).toEqual([subnet.id]);
    const port = (await call(
      'q-plugin',
      'create_dhcp_port',
      {
        host: 'net1',
        port: {
          port: {
            network_id: network.id,
            tenant_id: 'p1',
            device_id: 'reserved_dhcp_port',
            fixed_ips: [{ subnet_id: subnet.id }],
            name: '',
            admin_state_up: true,
          },
        },
      },
      dhcp,
    )) as Record<string, unknown>;
    expect(port).toMatchObject({ device_owner: 'network:dhcp', 'binding:host_id': 'net1', network_id: network.id });
    const again = (await call('q-plugin', 'get_network_info', { network_id: network.id, host: 'net1' }, dhcp)) as Record<string, unknown>;
    expect((again['ports'] as { id: string }[]).map((p) => p.id)).toEqual([port['id']]);
    expect(await call('q-plugin', 'get_network_info', { network_id: '8a6e2f8c-0000-4000-8000-000000000000', host: 'net1' }, dhcp)).toBeNull();
    expect(await call('q-plugin', 'get_dhcp_port', { port_id: port['id'], host: 'net1' }, dhcp)).toMatchObject({ id: port['id'] });
    const updated = (await call(
      'q-plugin',
      'update_dhcp_port',
      { host: 'net1', port_id: port['id'], port: { port: { network_id: network.id, name: 'dhcp-renamed' } } },
      dhcp,
    )) as Record<string, unknown>;
    expect(updated).toMatchObject({ id: port['id'], name: 'dhcp-renamed' });
    // A port the agent does not own is left alone.
    const foreign = await plugin.createPort(admin, { network_id: network.id, device_id: 'vm-1' });
    expect(
      await call('q-plugin', 'update_dhcp_port', { host: 'net1', port_id: foreign.id, port: { port: { network_id: network.id, name: 'x' } } }, dhcp),
    ).toBeNull();
    expect(await call('q-plugin', 'dhcp_ready_on_ports', { port_ids: [port['id']] }, dhcp)).toBeNull();
    await plugin.deletePort(admin, foreign.id);
    await call('q-plugin', 'release_dhcp_port', { network_id: network.id, device_id: 'reserved_dhcp_port', host: 'net1' }, dhcp);
    expect(await plugin.getPorts(admin, { filters: { network_id: [network.id] } })).toEqual([]);
  });
});
