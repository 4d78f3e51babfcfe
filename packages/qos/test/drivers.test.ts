import { silentLogger } from '@net-server/lib';
import { startServer } from '@net-server/testkit';
import { describe, expect, it } from 'vitest';
import { buildPlugins, qosServerOptions } from './helpers.js';
import { LINUXBRIDGE_QOS_DRIVER, OPENVSWITCH_QOS_DRIVER, QosDriverManager, type QosRule } from '@net-server/qos';

const limit: QosRule = { type: 'bandwidth_limit', id: 'r1', qos_policy_id: 'p1', max_kbps: 1000, max_burst_kbps: 0, direction: 'egress' };
const minimum: QosRule = { type: 'minimum_bandwidth', id: 'r2', qos_policy_id: 'p1', min_kbps: 10, direction: 'egress' };
const vlan = { id: 'n1', 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1' };
const vxlan = { id: 'n2', 'provider:network_type': 'vxlan', 'provider:physical_network': null };

describe('QosDriverManager', () => {
  // The API side of the filters (qos-rule-type-filter) is in policies-api.test.ts.
  it('offers the rule types every driver supports, or any driver with allSupported, or all with allRules', () => {
    const both = new QosDriverManager([OPENVSWITCH_QOS_DRIVER, LINUXBRIDGE_QOS_DRIVER]);
    expect(both.supportedRuleTypes()).toEqual(['bandwidth_limit', 'dscp_marking']);
    expect(both.supportedRuleTypes({ allSupported: true })).toEqual([
      'bandwidth_limit',
      'dscp_marking',
      'minimum_bandwidth',
      'minimum_packet_rate',
      'packet_rate_limit',
    ]);
    expect(new QosDriverManager([]).supportedRuleTypes()).toEqual([]);
    expect(new QosDriverManager([]).supportedRuleTypes({ allRules: true })).toEqual([
      'bandwidth_limit',
      'dscp_marking',
      'minimum_bandwidth',
      'minimum_packet_rate',
      'packet_rate_limit',
    ]);
    expect(both.ruleTypeDetails('minimum_bandwidth').map((driver) => driver.name)).toEqual(['openvswitch']);
    expect(both.ruleTypeDetails('packet_rate_limit').map((driver) => driver.name)).toEqual(['openvswitch']);
  });

  it('matches a port to the drivers of its VIF type, or of its VNIC type while unbound', () => {
    const both = new QosDriverManager([OPENVSWITCH_QOS_DRIVER, LINUXBRIDGE_QOS_DRIVER]);
    const bridgePort = { id: 'p', 'binding:vif_type': 'bridge', 'binding:vnic_type': 'normal' };
    const ovsPort = { id: 'p', 'binding:vif_type': 'ovs', 'binding:vnic_type': 'normal' };
    expect(both.validateRuleForPort(limit, bridgePort, vlan)).toBe(true);
    expect(both.validateRuleForPort(minimum, bridgePort, vlan)).toBe(false);
    expect(both.validateRuleForPort(minimum, ovsPort, vlan)).toBe(true);
    // openvswitch enforces a minimum only on a physical network.
    expect(both.validateRuleForPort(minimum, ovsPort, vxlan)).toBe(false);
    expect(both.validateRuleForPort(minimum, { id: 'p', 'binding:vif_type': 'unbound', 'binding:vnic_type': 'direct' }, vlan)).toBe(true);
    expect(both.validateRuleForPort(limit, { id: 'p', 'binding:vif_type': 'unbound', 'binding:vnic_type': 'baremetal' }, vlan)).toBe(false);
    expect(both.validateRuleForPort(limit, { id: 'p', 'binding:vif_type': 'hw_veb' }, vlan)).toBe(false);
  });

  it("checks a rule's values against what the driver accepts", () => {
    const ovs = new QosDriverManager([OPENVSWITCH_QOS_DRIVER]);
    expect(ovs.validateRuleForNetwork(limit, vxlan)).toBe(true);
    expect(ovs.validateRuleForNetwork({ ...limit, max_kbps: null }, vxlan)).toBe(false);
    expect(
      ovs.validateRuleForNetwork(minimum, { id: 'n3', segments: [{ 'provider:physical_network': 'physnet1' }, { 'provider:physical_network': null }] }),
    ).toBe(true);
    expect(new QosDriverManager([]).validateRuleForNetwork(limit, vlan)).toBe(false);
    expect(ovs.rpcNotificationsRequired).toBe(true);
    expect(new QosDriverManager([]).rpcNotificationsRequired).toBe(false);
  });
});

describe('the QoS drivers of the loaded mechanism drivers', () => {
  it('offer what both linuxbridge and openvswitch support, and the rest with all_supported', async () => {
    buildPlugins();
    const server = await startServer({ ...qosServerOptions('sqlite', ['linuxbridge', 'openvswitch']), servicePlugins: ['qos'], logger: silentLogger });
    try {
      expect((await server.client.get('/qos/rule-types')).body).toEqual({ rule_types: [{ type: 'bandwidth_limit' }, { type: 'dscp_marking' }] });
      expect((await server.client.get('/qos/rule-types?all_supported=true')).body['rule_types']).toHaveLength(5);
      const details = (await server.client.get('/qos/rule-types/bandwidth_limit')).body['rule_type'] as { drivers: { name: string }[] };
      expect(details.drivers.map((driver) => driver.name)).toEqual(['linuxbridge', 'openvswitch']);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('are none with only the logger mechanism driver: no rule type, and no port may use a policy with rules', async () => {
    buildPlugins();
    const server = await startServer({ ...qosServerOptions('sqlite', ['logger']), servicePlugins: ['qos'], logger: silentLogger });
    try {
      expect((await server.client.get('/qos/rule-types')).body).toEqual({ rule_types: [] });
      const policy = (await server.client.post('/qos/policies', { policy: { name: 'p' } })).body['policy'] as Record<string, unknown>;
      await server.client.post(`/qos/policies/${String(policy['id'])}/dscp_marking_rules`, { dscp_marking_rule: { dscp_mark: 8 } });
      const network = (await server.client.post('/networks', { network: { name: 'n' } })).body['network'] as Record<string, unknown>;
      const port = await server.client.post('/ports', { port: { network_id: network['id'], qos_policy_id: policy['id'] } });
      expect([port.status, (port.body['NeutronError'] as Record<string, unknown>)['type']]).toEqual([409, 'QosRuleNotSupported']);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
