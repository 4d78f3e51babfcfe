import { constants, type VersionedObjectPrimitive } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { ml2View } from '../src/db/ml2-view.js';
import { recordingLogger } from './helpers.js';
import { admin, ml2Plugin, projectContext, type Notification } from './plugin-helpers.js';

/*
 * neutron's versioned objects as ML2 serves them to the Open vSwitch agent's
 * resource cache (bulk_pull) and pushes them on change (ovo_rpc). The
 * primitives' fields are neutron Zed's: the reference is what
 * `Port.get_objects(...)[0].obj_to_primitive()` gives on a neutron database
 * holding the same port (a DB-loaded object has every column that is not
 * NULL and the synthetic fields neutron loads). neutron-agent-interop.test.ts
 * rebuilds them with neutron's own classes.
 */

const ovsAgent = {
  agent_type: constants.AGENT_TYPE_OVS,
  binary: 'neutron-openvswitch-agent',
  host: 'compute1',
  topic: 'N/A',
  configurations: { tunnel_types: ['vxlan'], tunneling_ip: '192.0.2.11' },
  resource_versions: { Port: '1.7', Network: '1.1' },
};

/** neutron Zed's Port.get_objects(...)[0].obj_to_primitive() data keys, for a port with port security and no QoS/DNS/extra options rows. */
const NEUTRON_PORT_FIELDS = [
  'id',
  'project_id',
  'name',
  'network_id',
  'mac_address',
  'admin_state_up',
  'device_id',
  'device_owner',
  'status',
  'allowed_address_pairs',
  'bindings',
  'data_plane_status',
  'dhcp_options',
  'distributed_bindings',
  'dns',
  'fixed_ips',
  'security',
  'security_group_ids',
  'qos_policy_id',
  'qos_network_policy_id',
  'binding_levels',
  'revision_number',
  'description',
  'created_at',
  'updated_at',
];
const NEUTRON_NETWORK_FIELDS = [
  'id',
  'project_id',
  'availability_zone_hints',
  'name',
  'status',
  'admin_state_up',
  'shared',
  'mtu',
  'security',
  'segments',
  'dns_domain',
  'qos_policy_id',
  'revision_number',
  'description',
  'created_at',
  'updated_at',
];

function data(object: VersionedObjectPrimitive | undefined): Record<string, unknown> {
  return (object?.['versioned_object.data'] ?? {}) as Record<string, unknown>;
}

function pushes(notifications: readonly Notification[]): { topic: string; event: unknown; objects: VersionedObjectPrimitive[] }[] {
  return notifications
    .filter((n) => n.method === 'push')
    .map((n) => ({ topic: n.topic, event: n.args['event_type'], objects: n.args['resource_list'] as VersionedObjectPrimitive[] }));
}

async function boundPort() {
  const made = await ml2Plugin();
  await made.plugin.agentsDb.createOrUpdate(ml2View(made.database.db), ovsAgent);
  const network = await made.plugin.createNetwork(projectContext, { name: 'n' });
  const subnet = await made.plugin.createSubnet(projectContext, {
    network_id: network.id,
    cidr: '10.9.0.0/24',
    ip_version: 4,
    host_routes: [{ destination: '10.1.0.0/16', nexthop: '10.9.0.9' }],
  });
  const port = await made.plugin.createPort(projectContext, {
    network_id: network.id,
    'binding:host_id': 'compute1',
    device_owner: 'compute:nova',
    device_id: 'vm1',
  });
  return { ...made, network, subnet, port };
}

describe('bulk_pull of the objects the Open vSwitch agent caches', () => {
  it('gives a bound port as neutron Port 1.7, with its binding, levels and segment, security and addresses', async () => {
    const { plugin, network, subnet, port } = await boundPort();
    const [object] = await plugin.resourceProducers.get('Port').bulkPull(admin, { id: [port.id] }, '1.7');
    expect(object).toMatchObject({ 'versioned_object.name': 'Port', 'versioned_object.namespace': 'versionedobjects', 'versioned_object.version': '1.7' });
    expect(object!['versioned_object.changes']).toBeUndefined();
    const port_ = data(object);
    expect(Object.keys(port_).sort()).toEqual([...NEUTRON_PORT_FIELDS].sort());
    const segment = {
      id: expect.any(String),
      network_id: network.id,
      network_type: 'vxlan',
      segmentation_id: network['provider:segmentation_id'],
      is_dynamic: false,
      segment_index: 0,
      hosts: [],
      revision_number: 0,
    };
    expect(port_).toMatchObject({
      id: port.id,
      project_id: 'p1',
      network_id: network.id,
      mac_address: port['mac_address'],
      admin_state_up: true,
      device_owner: 'compute:nova',
      status: 'DOWN',
      allowed_address_pairs: [],
      data_plane_status: null,
      dhcp_options: [],
      distributed_bindings: [],
      dns: null,
      security_group_ids: port['security_groups'],
      qos_policy_id: null,
      qos_network_policy_id: null,
      revision_number: port['revision_number'],
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      security: {
        'versioned_object.name': 'PortSecurity',
        'versioned_object.version': '1.0',
        'versioned_object.data': { id: port.id, port_security_enabled: true },
      },
      fixed_ips: [
        {
          'versioned_object.name': 'IPAllocation',
          'versioned_object.version': '1.0',
          'versioned_object.data': {
            port_id: port.id,
            subnet_id: subnet.id,
            network_id: network.id,
            ip_address: (port.fixed_ips[0] as { ip_address: string }).ip_address,
          },
        },
      ],
      bindings: [
        {
          'versioned_object.name': 'PortBinding',
          'versioned_object.version': '1.0',
          'versioned_object.data': {
            port_id: port.id,
            host: 'compute1',
            // DictOfMiscValuesField travels as Python's json.dumps text.
            profile: '{}',
            vif_type: 'ovs',
            vif_details: '{"port_filter": true, "connectivity": "l2", "ovs_hybrid_plug": false, "datapath_type": "system"}',
            vnic_type: 'normal',
            status: 'ACTIVE',
          },
        },
      ],
      binding_levels: [
        {
          'versioned_object.name': 'PortBindingLevel',
          'versioned_object.version': '1.1',
          'versioned_object.data': {
            port_id: port.id,
            host: 'compute1',
            level: 0,
            driver: 'openvswitch',
            segment: { 'versioned_object.name': 'NetworkSegment', 'versioned_object.data': segment },
            segment_id: segment.id,
          },
        },
      ],
    });
    // A NULL physical_network is left unset, as neutron leaves NULL columns.
    expect(
      'physical_network' in data((port_['binding_levels'] as VersionedObjectPrimitive[])[0]!['versioned_object.data']['segment'] as VersionedObjectPrimitive),
    ).toBe(false);
  });

  it('gives an unbound port its unbound binding and no levels, and filters ports by security group and network', async () => {
    const { plugin, network, port } = await boundPort();
    const unbound = await plugin.createPort(projectContext, { network_id: network.id });
    const [object] = await plugin.resourceProducers.get('Port').bulkPull(admin, { id: [unbound.id] }, '1.7');
    expect(data(object)).toMatchObject({ binding_levels: [], bindings: [{ 'versioned_object.data': { host: '', vif_type: 'unbound' } }] });
    const ids = async (filters: Record<string, unknown>): Promise<string[]> =>
      (await plugin.resourceProducers.get('Port').bulkPull(admin, filters, '1.7')).map((o) => String(data(o)['id'])).sort();
    expect(await ids({ security_group_ids: port['security_groups'] })).toEqual([port.id, unbound.id].sort());
    expect(await ids({ security_group_ids: ['another-group'] })).toEqual([]);
    expect(await ids({ id: [port.id], security_group_ids: port['security_groups'] })).toEqual([port.id]);
    expect(await ids({ network_id: [network.id], device_owner: ['compute:nova'] })).toEqual([port.id]);
    expect(await ids({ mac_address: String(port['mac_address']).toUpperCase() })).toEqual([port.id]);
    expect(await ids({ id: [] })).toEqual([]);
  });

  it('gives networks with their segments, subnets with pools, DNS servers and routes, groups with their rules', async () => {
    const { plugin, network, subnet, port } = await boundPort();
    const [net] = await plugin.resourceProducers.get('Network').bulkPull(admin, { id: [network.id] }, '1.1');
    expect(Object.keys(data(net)).sort()).toEqual([...NEUTRON_NETWORK_FIELDS].sort());
    expect(data(net)).toMatchObject({
      mtu: 1450,
      shared: false,
      dns_domain: null,
      security: { 'versioned_object.data': { port_security_enabled: true } },
      segments: [{ 'versioned_object.data': { network_type: 'vxlan' } }],
    });
    const [sub] = await plugin.resourceProducers.get('Subnet').bulkPull(admin, { network_id: [network.id] }, '1.1');
    expect(data(sub)).toMatchObject({
      id: subnet.id,
      cidr: '10.9.0.0/24',
      gateway_ip: '10.9.0.1',
      ip_version: 4,
      enable_dhcp: true,
      shared: false,
      dns_publish_fixed_ip: false,
      service_types: [],
      allocation_pools: [
        {
          'versioned_object.name': 'IPAllocationPool',
          'versioned_object.data': { id: expect.any(String), subnet_id: subnet.id, start: '10.9.0.2', end: '10.9.0.254' },
        },
      ],
      host_routes: [{ 'versioned_object.name': 'Route', 'versioned_object.data': { subnet_id: subnet.id, destination: '10.1.0.0/16', nexthop: '10.9.0.9' } }],
      dns_nameservers: [],
    });
    expect('ipv6_ra_mode' in data(sub) || 'subnetpool_id' in data(sub)).toBe(false);
    const [groupId] = port['security_groups'] as string[];
    const [group] = await plugin.resourceProducers.get('SecurityGroup').bulkPull(admin, { id: [groupId] }, '1.5');
    expect(data(group)).toMatchObject({ id: groupId, name: 'default', project_id: 'p1', shared: false, stateful: true, is_default: true });
    expect((data(group)['rules'] as unknown[]).length).toBe(4);
    const rule = await plugin.createSecurityGroupRule(projectContext, {
      security_group_id: groupId,
      direction: 'ingress',
      ethertype: 'IPv4',
      protocol: 'tcp',
      port_range_min: 22,
      port_range_max: 22,
      remote_ip_prefix: '10.0.0.5/24',
    });
    const rules = await plugin.resourceProducers.get('SecurityGroupRule').bulkPull(admin, { security_group_id: [groupId] }, '1.2');
    expect(rules.length).toBe(5);
    const ssh = rules.find((r) => data(r)['id'] === rule['id']);
    expect(data(ssh)).toEqual({
      id: rule['id'],
      project_id: 'p1',
      security_group_id: groupId,
      direction: 'ingress',
      ethertype: 'IPv4',
      protocol: 'tcp',
      port_range_min: 22,
      port_range_max: 22,
      remote_ip_prefix: '10.0.0.5/24',
      normalized_cidr: '10.0.0.0/24',
      revision_number: 0,
      description: '',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const selfRule = rules.find((r) => data(r)['remote_group_id'] === groupId && data(r)['ethertype'] === 'IPv4');
    expect(data(selfRule)).toMatchObject({ direction: 'ingress', normalized_cidr: null });
    expect('protocol' in data(selfRule) || 'remote_ip_prefix' in data(selfRule)).toBe(false);
    expect(await plugin.resourceProducers.get('AddressGroup').bulkPull(admin, { id: [groupId] }, '1.2')).toEqual([]);
  });

  it('answers IncompatibleObjectVersion for another version and InvalidInput for a filter neutron does not take', async () => {
    const { plugin, port } = await boundPort();
    await expect(plugin.resourceProducers.get('Port').bulkPull(admin, { id: [port.id] }, '1.6')).rejects.toMatchObject({
      name: 'IncompatibleObjectVersion',
      message: 'Version 1.6 of Port is not supported, supported version is 1.7',
    });
    await expect(plugin.resourceProducers.get('SecurityGroup').pull(admin, 'x', '1.4')).rejects.toMatchObject({ name: 'IncompatibleObjectVersion' });
    await expect(plugin.resourceProducers.get('Port').bulkPull(admin, { binding_levels: ['x'] }, '1.7')).rejects.toMatchObject({
      type: 'InvalidInput',
      message: "Invalid input for operation: 'binding_levels' is not supported for filtering.",
    });
    expect(data((await plugin.resourceProducers.get('Port').pull(admin, port.id, '1.7')) ?? undefined)['id']).toBe(port.id);
    expect(await plugin.resourceProducers.get('Port').pull(admin, 'no-such-port', '1.7')).toBeNull();
  });
});

describe('pushes to the agents on neutron-vo-<type>-<version>', () => {
  it('pushes networks, subnets and ports after every committed change, created ones as updated, deleted ones as neutron builds them', async () => {
    const { plugin, network, subnet, port, notifications } = await boundPort();
    expect(pushes(notifications).map((p) => `${p.topic} ${String(p.event)} ${String(data(p.objects[0])['id'])}`)).toEqual([
      `neutron-vo-Network-1.1 updated ${network.id}`,
      `neutron-vo-Subnet-1.1 updated ${subnet.id}`,
      `neutron-vo-Port-1.7 updated ${port.id}`,
    ]);
    // The new port goes out bound.
    expect(data(pushes(notifications)[2]!.objects[0])).toMatchObject({ binding_levels: [{ 'versioned_object.data': { driver: 'openvswitch' } }] });
    expect(notifications.find((n) => n.method === 'push')!.args).toEqual({ resource_list: [expect.any(Object)], event_type: 'updated' });

    notifications.length = 0;
    // A status change from an agent (no port_update for it) still reaches the caches.
    await plugin.updatePortStatuses(admin, new Map([[port.id, constants.PORT_STATUS_ACTIVE]]));
    expect(pushes(notifications).map((p) => [p.topic, p.event, data(p.objects[0])['status']])).toEqual([['neutron-vo-Port-1.7', 'updated', 'ACTIVE']]);

    notifications.length = 0;
    await plugin.deletePort(projectContext, port.id);
    expect(pushes(notifications)).toEqual([
      {
        topic: 'neutron-vo-Port-1.7',
        event: 'deleted',
        objects: [
          {
            'versioned_object.name': 'Port',
            'versioned_object.namespace': 'versionedobjects',
            'versioned_object.version': '1.7',
            'versioned_object.data': { id: port.id, security_group_ids: null, qos_policy_id: null, qos_network_policy_id: null },
            'versioned_object.changes': ['id', 'security_group_ids', 'qos_policy_id', 'qos_network_policy_id'],
          },
        ],
      },
    ]);

    notifications.length = 0;
    await plugin.deleteNetwork(projectContext, network.id);
    expect(pushes(notifications).map((p) => `${p.topic} ${String(p.event)} ${JSON.stringify(data(p.objects[0]))}`)).toEqual([
      `neutron-vo-Subnet-1.1 deleted ${JSON.stringify({ id: subnet.id })}`,
      `neutron-vo-Network-1.1 deleted ${JSON.stringify({ id: network.id, shared: false, mtu: 1500, qos_policy_id: null })}`,
    ]);
  });

  it('pushes security groups (with their rules) and rules when they change', async () => {
    const { plugin, notifications } = await ml2Plugin();
    const group = await plugin.createSecurityGroup(projectContext, { name: 'web' });
    const [created] = pushes(notifications).filter((p) => p.topic === 'neutron-vo-SecurityGroup-1.5');
    expect(created).toMatchObject({ event: 'updated', objects: [{ 'versioned_object.data': { id: group['id'], name: 'web', is_default: false } }] });
    expect((data(created!.objects[0])['rules'] as VersionedObjectPrimitive[]).map((r) => r['versioned_object.name'])).toEqual([
      'SecurityGroupRule',
      'SecurityGroupRule',
    ]);
    notifications.length = 0;
    await plugin.updateSecurityGroup(projectContext, String(group['id']), { description: 'http' });
    const rule = await plugin.createSecurityGroupRule(projectContext, {
      security_group_id: group['id'],
      direction: 'ingress',
      ethertype: 'IPv6',
      protocol: 'tcp',
      port_range_min: 80,
      port_range_max: 80,
    });
    await plugin.deleteSecurityGroupRule(projectContext, String(rule['id']));
    await plugin.deleteSecurityGroup(projectContext, String(group['id']));
    expect(pushes(notifications).map((p) => `${p.topic} ${String(p.event)} ${String(data(p.objects[0])['id'])}`)).toEqual([
      `neutron-vo-SecurityGroup-1.5 updated ${String(group['id'])}`,
      `neutron-vo-SecurityGroupRule-1.2 updated ${String(rule['id'])}`,
      `neutron-vo-SecurityGroupRule-1.2 deleted ${String(rule['id'])}`,
      `neutron-vo-SecurityGroup-1.5 deleted ${String(group['id'])}`,
    ]);
    expect(data(pushes(notifications)[0]!.objects[0])).toMatchObject({ description: 'http', revision_number: 1 });
    expect(pushes(notifications)[3]!.objects[0]).toEqual({
      'versioned_object.name': 'SecurityGroup',
      'versioned_object.namespace': 'versionedobjects',
      'versioned_object.version': '1.5',
      'versioned_object.data': { id: group['id'], stateful: true, is_default: false },
      'versioned_object.changes': ['id', 'stateful', 'is_default'],
    });
  });

  it('pushes a port that an agent asking for its details got bound', async () => {
    const { plugin, database, notifications } = await ml2Plugin();
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    const port = await plugin.createPort(projectContext, { network_id: network.id, 'binding:host_id': 'compute1' });
    expect(port['binding:vif_type']).toBe('binding_failed');
    await plugin.agentsDb.createOrUpdate(ml2View(database.db), ovsAgent);
    notifications.length = 0;
    await plugin.getBoundPortsRebinding(admin, [port.id]);
    expect(pushes(notifications).map((p) => [p.topic, p.event, data(p.objects[0])['bindings']])).toEqual([
      ['neutron-vo-Port-1.7', 'updated', [expect.objectContaining({ 'versioned_object.data': expect.objectContaining({ vif_type: 'ovs' }) })]],
    ]);
  });

  it('logs a failed push and answers the request, and warns of agents consuming a version it does not build', async () => {
    const { logger, records } = recordingLogger();
    const { plugin, database, notifications } = await ml2Plugin({}, undefined, undefined, { logger, failing: (method) => method === 'push' });
    await plugin.agentsDb.createOrUpdate(ml2View(database.db), { ...ovsAgent, resource_versions: { Port: '1.6', Network: '1.1' } });
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    const port = await plugin.createPort(projectContext, { network_id: network.id });
    expect(port.id).toBeDefined();
    expect(notifications.filter((n) => n.method === 'push')).toEqual([]);
    expect(records.filter((r) => r['level'] === 'error').map((r) => r['msg'])).toEqual([
      'Failed to push Network changes to agents',
      'Failed to push Port changes to agents',
    ]);
    const warnings = records.filter((r) => r['level'] === 'warn').map((r) => String(r['msg']));
    expect(warnings).toEqual(['Agents consume Port 1.6, which this server does not build (it pushes 1.7): they will not hear of Port changes']);
  });
});
