import { constants } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import {
  LinuxbridgeDriver,
  LoggerDriver,
  MechanismManager,
  NetworkContext,
  OpenvswitchDriver,
  PortContext,
  type Agent,
  type AgentNotifier,
  type NetworkSegment,
  type NetworkTopology,
} from '@net-server/ml2';
import { adminContext, logger, ml2Config, recordingLogger } from './helpers.js';

const notifier: AgentNotifier = { fanout: async () => {}, castToHost: async () => {} };
const topology: NetworkTopology = { activePorts: async () => [], agentsOn: async () => [] };
const init = { config: ml2Config(), logger, notifier, topology };

function agent(type: string, configurations: Record<string, unknown>, alive = true, host = 'host1'): Agent {
  return {
    id: `${type}-${host}`,
    agent_type: type,
    binary: 'x',
    topic: 'N/A',
    host,
    admin_state_up: true,
    created_at: '',
    started_at: '',
    heartbeat_timestamp: '',
    alive,
    configurations,
    description: null,
    availability_zone: null,
    resource_versions: {},
    resources_synced: null,
    load: 0,
  };
}

const seg = (id: string, network_type: string, physical_network: string | null = null): NetworkSegment => ({
  id,
  network_id: 'net',
  network_type,
  physical_network,
  segmentation_id: 5,
  is_dynamic: false,
  segment_index: 0,
});

async function bind(driverName: 'ovs' | 'lb', segments: NetworkSegment[], agents: Agent[], vnicType = 'normal'): Promise<PortContext> {
  const driver = driverName === 'ovs' ? new OpenvswitchDriver(init) : new LinuxbridgeDriver(init);
  const port = new PortContext({
    pluginContext: adminContext,
    current: { id: 'p1', network_id: 'net' },
    network: new NetworkContext(adminContext, { id: 'net' }, segments),
    binding: { host: 'host1', vnic_type: vnicType, profile: {}, vif_type: 'unbound', vif_details: {}, status: 'ACTIVE' },
    hostAgents: async (type, host) => agents.filter((a) => a.agent_type === type && a.host === host),
  });
  await new MechanismManager([{ name: driverName, obj: driver }], logger).bindPort(port);
  return port;
}

const ovsAgent = agent(constants.AGENT_TYPE_OVS, {
  bridge_mappings: { physnet1: 'br-ex' },
  tunnel_types: ['vxlan'],
  ovs_hybrid_plug: false,
  datapath_type: 'system',
});
const lbAgent = agent(constants.AGENT_TYPE_LINUXBRIDGE, { interface_mappings: { physnet2: 'eth1' }, tunnel_types: [] });

describe('openvswitch', () => {
  it('binds a VLAN segment on a mapped physical network with OVS vif details', async () => {
    const port = await bind('ovs', [seg('a', 'vlan', 'physnet9'), seg('b', 'vlan', 'physnet1')], [ovsAgent]);
    expect(port.bindingLevels).toEqual([{ level: 0, driver: 'ovs', segment_id: 'b' }]);
    expect(port.vifType).toBe('ovs');
    expect(port.vifDetails).toEqual({ port_filter: true, connectivity: 'l2', ovs_hybrid_plug: false, datapath_type: 'system' });
  });

  it('binds tunnel segments only for reported tunnel types', async () => {
    expect((await bind('ovs', [seg('v', 'vxlan')], [ovsAgent])).vifType).toBe('ovs');
    expect((await bind('ovs', [seg('g', 'gre')], [ovsAgent])).vifType).toBe(constants.VIF_TYPE_BINDING_FAILED);
  });

  it('refuses hosts without a live OVS agent and unsupported vnic types', async () => {
    const dead = agent(constants.AGENT_TYPE_OVS, { bridge_mappings: { physnet1: 'br-ex' } }, false);
    expect((await bind('ovs', [seg('b', 'vlan', 'physnet1')], [dead])).vifType).toBe(constants.VIF_TYPE_BINDING_FAILED);
    expect((await bind('ovs', [seg('b', 'vlan', 'physnet1')], [lbAgent])).vifType).toBe(constants.VIF_TYPE_BINDING_FAILED);
    const elsewhere = agent(constants.AGENT_TYPE_OVS, { bridge_mappings: { physnet1: 'br-ex' } }, true, 'host2');
    expect((await bind('ovs', [seg('b', 'vlan', 'physnet1')], [elsewhere])).vifType).toBe(constants.VIF_TYPE_BINDING_FAILED);
    expect((await bind('ovs', [seg('b', 'vlan', 'physnet1')], [ovsAgent], 'direct-physical')).vifType).toBe(constants.VIF_TYPE_BINDING_FAILED);
  });
});

describe('linuxbridge', () => {
  it('binds flat and VLAN segments on interface mappings, and local ones', async () => {
    const port = await bind('lb', [seg('f', 'flat', 'physnet2')], [lbAgent]);
    expect(port.vifType).toBe('bridge');
    expect(port.vifDetails).toEqual({ port_filter: true, connectivity: 'l2' });
    expect((await bind('lb', [seg('l', 'local')], [lbAgent])).vifType).toBe('bridge');
    expect((await bind('lb', [seg('v', 'vxlan')], [lbAgent])).vifType).toBe(constants.VIF_TYPE_BINDING_FAILED);
  });
});

describe('logger', () => {
  it('logs each call with the context and binds nothing', async () => {
    const { logger: recording, records } = recordingLogger();
    const driver = new LoggerDriver({ ...init, logger: recording });
    driver.createNetworkPostcommit(new NetworkContext(adminContext, { id: 'n1' }, [seg('s', 'local')]));
    expect(records).toEqual([expect.objectContaining({ msg: 'create_network_postcommit called', driver: 'logger', current: { id: 'n1' } })]);
  });
});
