import { constants, InvalidInput } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { ml2View, MechanismDriverError, type MechanismDriver, type NetworkContext, type PortContext } from '@net-server/ml2';
import { admin, ids, ml2Plugin, projectContext } from './plugin-helpers.js';

const ovsState = {
  agent_type: constants.AGENT_TYPE_OVS,
  binary: 'neutron-openvswitch-agent',
  host: 'compute1',
  topic: 'N/A',
  configurations: { bridge_mappings: { physnet1: 'br-vlan' }, tunnel_types: ['vxlan'], tunneling_ip: '192.0.2.11' },
};

describe('Ml2Plugin networks', () => {
  it('gives tenant networks a segment and its MTU, and shows provider attributes', async () => {
    const { plugin } = await ml2Plugin();
    const network = await plugin.createNetwork(projectContext, { name: 'net1' });
    expect(network).toMatchObject({ 'provider:network_type': 'vxlan', 'provider:physical_network': null, mtu: 1450, port_security_enabled: true });
    expect(network['provider:segmentation_id']).toBeGreaterThanOrEqual(500);
    expect(await plugin.getNetwork(projectContext, network.id)).toMatchObject({
      'provider:network_type': 'vxlan',
      'provider:segmentation_id': network['provider:segmentation_id'],
      mtu: 1450,
    });
    expect(plugin.supportedExtensionAliases).toEqual(expect.arrayContaining(['provider', 'multi-provider', 'binding', 'agent', 'port-security']));
  });

  it('creates provider and multi-segment networks and refuses a VLAN in use', async () => {
    const { plugin } = await ml2Plugin();
    const vlan = await plugin.createNetwork(admin, {
      name: 'v',
      'provider:network_type': 'vlan',
      'provider:physical_network': 'physnet1',
      'provider:segmentation_id': 1000,
    });
    expect(vlan).toMatchObject({ 'provider:segmentation_id': 1000, mtu: 1500 });
    await expect(
      plugin.createNetwork(admin, { name: 'v2', 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 1000 }),
    ).rejects.toMatchObject({ type: 'VlanIdInUse' });
    const multi = await plugin.createNetwork(admin, {
      name: 'm',
      segments: [{ 'provider:network_type': 'flat', 'provider:physical_network': 'public' }, { 'provider:network_type': 'vxlan' }],
    });
    expect(multi['segments']).toEqual([
      { 'provider:network_type': 'flat', 'provider:physical_network': 'public', 'provider:segmentation_id': null },
      { 'provider:network_type': 'vxlan', 'provider:physical_network': null, 'provider:segmentation_id': expect.any(Number) },
    ]);
    await expect(plugin.createNetwork(admin, { name: 'big', mtu: 9000 })).rejects.toThrow('Requested MTU is too big, maximum is 1450');
    await expect(plugin.updateNetwork(admin, vlan.id, { mtu: 1501 })).rejects.toThrow('Requested MTU is too big, maximum is 1500');
    expect((await plugin.updateNetwork(admin, vlan.id, { mtu: 1400 }))['mtu']).toBe(1400);
    await expect(plugin.updateNetwork(admin, vlan.id, { 'provider:segmentation_id': 1001 })).rejects.toBeInstanceOf(InvalidInput);
  });

  it('releases segments on delete', async () => {
    const { plugin } = await ml2Plugin();
    const vlan = { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 42 };
    const first = await plugin.createNetwork(admin, { name: 'a', ...vlan });
    await plugin.deleteNetwork(admin, first.id);
    const second = await plugin.createNetwork(admin, { name: 'b', ...vlan });
    expect(second['provider:segmentation_id']).toBe(42);
  });

  it('rolls everything back when a precommit fails', async () => {
    const failing: MechanismDriver = {
      createNetworkPrecommit: (context: NetworkContext) => {
        if (context.current['name'] === 'doomed') throw new InvalidInput({ error_message: 'driver says no' });
      },
    };
    const { plugin, database } = await ml2Plugin(failing, '[ml2]\ntenant_network_types = vxlan\n[ml2_type_vxlan]\nvni_ranges = 7:7');
    await expect(plugin.createNetwork(projectContext, { name: 'doomed' })).rejects.toThrow('driver says no');
    expect(await plugin.getNetworks(admin)).toEqual([]);
    expect(await ml2View(database.db).selectFrom('ml2_segment_allocations').selectAll().execute()).toEqual([]);
    // The only VNI is free again.
    expect((await plugin.createNetwork(projectContext, { name: 'fine' }))['provider:segmentation_id']).toBe(7);
  });

  it('deletes the network and reports the error when a create postcommit fails', async () => {
    const failing: MechanismDriver = {
      createNetworkPostcommit: () => {
        throw new Error('backend unreachable');
      },
    };
    const { plugin, database, notifications } = await ml2Plugin(failing);
    await expect(plugin.createNetwork(projectContext, { name: 'n' })).rejects.toBeInstanceOf(MechanismDriverError);
    expect(await plugin.getNetworks(admin)).toEqual([]);
    expect(await ml2View(database.db).selectFrom('ml2_segment_allocations').selectAll().execute()).toEqual([]);
    // L2 agents and, as a network's deletion goes to every DHCP agent, those too.
    expect(notifications.filter((n) => n.method !== 'push').map((n) => n.method)).toEqual(['network_delete', 'network_delete_end']);
    // The agents' resource caches hear of the deletion only (the create's push comes after the drivers' postcommit).
    expect(notifications.filter((n) => n.method === 'push').map((n) => `${n.topic} ${String(n.args['event_type'])}`)).toEqual([
      'neutron-vo-Network-1.1 deleted',
    ]);
  });

  it('gives drivers current and original on update', async () => {
    const seen: [unknown, unknown][] = [];
    const recorder: MechanismDriver = {
      updateNetworkPostcommit: (context: NetworkContext) => {
        seen.push([context.original?.['name'], context.current['name']]);
      },
    };
    const { plugin, notifications } = await ml2Plugin(recorder);
    const network = await plugin.createNetwork(projectContext, { name: 'before' });
    await plugin.updateNetwork(projectContext, network.id, { name: 'after' });
    expect(seen).toEqual([['before', 'after']]);
    expect(notifications.filter((n) => n.method !== 'push')).toEqual([
      { topic: 'q-agent-notifier-network-update', method: 'network_update', args: { network: expect.objectContaining({ name: 'after' }) } },
    ]);
  });
});

describe('Ml2Plugin ports', () => {
  it('binds a port to a host with a live Open vSwitch agent', async () => {
    const bound: string[] = [];
    const recorder: MechanismDriver = {
      updatePortPostcommit: (context: PortContext) => {
        bound.push(`${context.originalVifType}->${context.vifType}`);
      },
    };
    const { plugin, database } = await ml2Plugin(recorder);
    await plugin.agentsDb.createOrUpdate(ml2View(database.db), ovsState);
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    const port = await plugin.createPort(admin, { network_id: network.id, 'binding:host_id': 'compute1', device_owner: 'compute:nova', device_id: 'vm1' });
    expect(port).toMatchObject({
      status: 'DOWN',
      'binding:host_id': 'compute1',
      'binding:vif_type': 'ovs',
      'binding:vnic_type': 'normal',
      'binding:vif_details': { port_filter: true, connectivity: 'l2', ovs_hybrid_plug: false, datapath_type: 'system' },
    });
    expect(await plugin.getPort(admin, port.id)).toMatchObject({ 'binding:vif_type': 'ovs', port_security_enabled: true });
    expect(bound).toEqual(['unbound->ovs']);
  });

  it('fails the binding on a host without an agent and rebinds when the host changes', async () => {
    const { plugin, database, notifications } = await ml2Plugin();
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    const port = await plugin.createPort(admin, { network_id: network.id, 'binding:host_id': 'nowhere' });
    expect(port['binding:vif_type']).toBe('binding_failed');
    await plugin.agentsDb.createOrUpdate(ml2View(database.db), ovsState);
    const moved = await plugin.updatePort(admin, port.id, { 'binding:host_id': 'compute1' });
    expect(moved).toMatchObject({ 'binding:host_id': 'compute1', 'binding:vif_type': 'ovs' });
    expect(notifications).toContainEqual({
      topic: 'q-agent-notifier-port-update',
      method: 'port_update',
      args: {
        port: expect.objectContaining({ id: port.id }),
        network_type: 'vxlan',
        segmentation_id: network['provider:segmentation_id'],
        physical_network: null,
      },
    });
    await plugin.deletePort(admin, port.id);
    expect(notifications).toContainEqual({ topic: 'q-agent-notifier-port-delete', method: 'port_delete', args: { port_id: port.id } });
    expect(await ml2View(database.db).selectFrom('ml2_port_bindings').selectAll().execute()).toEqual([]);
  });

  it('binds hierarchically through a dynamic segment', async () => {
    const topOfRack: MechanismDriver = {
      bindPort: async (context: PortContext) => {
        const vxlan = context.segmentsToBind.find((segment) => segment.network_type === 'vxlan');
        if (!vxlan) return;
        const vlan = await context.allocateDynamicSegment({ network_type: 'vlan', physical_network: 'physnet1', segmentation_id: null });
        context.continueBinding(vxlan.id, [vlan]);
      },
    };
    const { plugin, database } = await ml2Plugin(topOfRack);
    await plugin.agentsDb.createOrUpdate(ml2View(database.db), { ...ovsState, configurations: { bridge_mappings: { physnet1: 'br-vlan' }, tunnel_types: [] } });
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    const port = await plugin.createPort(admin, { network_id: network.id, 'binding:host_id': 'compute1' });
    expect(port['binding:vif_type']).toBe('ovs');
    const levels = await ml2View(database.db).selectFrom('ml2_port_binding_levels').select(['level', 'driver']).orderBy('level').execute();
    expect(levels).toEqual([
      { level: 0, driver: 'recorder' },
      { level: 1, driver: 'openvswitch' },
    ]);
    const [bound] = [...(await plugin.getBoundPorts(admin, [port.id])).values()];
    expect(bound!.bottomSegment).toMatchObject({ network_type: 'vlan', physical_network: 'physnet1', is_dynamic: true });
    expect(bound!.bottomSegment!.segmentation_id).toBeGreaterThanOrEqual(100);
    // The network still shows its one static segment.
    expect((await plugin.getNetwork(admin, network.id))['provider:network_type']).toBe('vxlan');
  });

  it('inherits port security from the network', async () => {
    const { plugin } = await ml2Plugin();
    const network = await plugin.createNetwork(projectContext, { name: 'n', port_security_enabled: false });
    const port = await plugin.createPort(projectContext, { network_id: network.id });
    expect(port['port_security_enabled']).toBe(false);
    expect(ids(await plugin.getPorts(projectContext))).toEqual([port.id]);
  });
});
