import type { ApiClient, TestServer } from '@net-server/testkit';
import { uuid5 } from '@net-server/lib';
import { physnetTrait, requestGroupId, vnicTypeTrait } from '../src/plugin/placement.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicy, createRule, dialects, startQosServer, type Dict } from './helpers.js';

describe('Placement names (neutron_lib.placement.utils, os_traits)', () => {
  it('normalizes custom traits as os_traits.normalize_name', () => {
    expect(physnetTrait('physnet1')).toBe('CUSTOM_PHYSNET_PHYSNET1');
    expect(physnetTrait('my-net..x_1')).toBe('CUSTOM_PHYSNET_MY_NET_X_1');
    expect(vnicTypeTrait('direct-physical')).toBe('CUSTOM_VNIC_TYPE_DIRECT_PHYSICAL');
  });

  it("makes Python's uuid.uuid5 and neutron's group ids", () => {
    // python3 -c "import uuid; print(uuid.uuid5(uuid.UUID('5b2d8f62-3f2c-4f24-9a63-3c3c3a3d2b11'), 'a:b'))"
    expect(uuid5('5b2d8f62-3f2c-4f24-9a63-3c3c3a3d2b11', 'a:b')).toBe('d43a9ca5-c088-5f5d-8379-c5059565edfb');
    expect(requestGroupId('5b2d8f62-3f2c-4f24-9a63-3c3c3a3d2b11', ['a', 'b'])).toBe('d43a9ca5-c088-5f5d-8379-c5059565edfb');
  });
});

for (const dialect of dialects) {
  describe(`port-resource-request(-groups) on ${dialect}`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: ApiClient;
    let vlan: string;
    let vxlan: string;

    beforeAll(async () => {
      server = await startQosServer(dialect);
      admin = server.client;
      alice = admin.as({ projectId: 'alice', roles: ['member'] });
      const provider = { name: 'prov', shared: true, 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1' };
      vlan = String(((await admin.post('/networks', { network: provider })).body['network'] as Dict)['id']);
      vxlan = String(((await admin.post('/networks', { network: { name: 'tenant', shared: true } })).body['network'] as Dict)['id']);
    }, 120_000);
    afterAll(async () => server?.stop());

    /** A shared policy with minimum bandwidth rules (egress 1000, ingress 2000) and, when given, a minimum packet rate rule for `any`. */
    async function minimumPolicy(kpps?: number): Promise<{ id: string; egress: string; ingress: string; pps?: string }> {
      const id = await createPolicy(admin, 'min');
      await admin.put(`/qos/policies/${id}`, { policy: { shared: true } });
      const ingress = String((await createRule(admin, id, 'minimum_bandwidth_rules', { direction: 'ingress', min_kbps: 2000 }))['id']);
      const egress = String((await createRule(admin, id, 'minimum_bandwidth_rules', { direction: 'egress', min_kbps: 1000 }))['id']);
      if (kpps === undefined) return { id, egress, ingress };
      const pps = String((await createRule(admin, id, 'minimum_packet_rate_rules', { direction: 'any', min_kpps: kpps }))['id']);
      return { id, egress, ingress, pps };
    }
    async function port(client: ApiClient, body: Dict): Promise<Dict> {
      const reply = await client.post('/ports', { port: body });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      return reply.body['port'] as Dict;
    }
    const show = async (client: ApiClient, id: unknown): Promise<Dict> => (await client.get(`/ports/${String(id)}`)).body['port'] as Dict;
    const bandwidthGroup = (portId: string, policy: { egress: string; ingress: string }, vnic = 'NORMAL'): Dict => ({
      // Egress before ingress: neutron's order on MySQL (the direction ENUM's), which the group id depends on.
      id: requestGroupId(portId, [policy.egress, policy.ingress]),
      required: ['CUSTOM_PHYSNET_PHYSNET1', `CUSTOM_VNIC_TYPE_${vnic}`],
      resources: { NET_BW_EGR_KILOBIT_PER_SEC: 1000, NET_BW_IGR_KILOBIT_PER_SEC: 2000 },
    });

    it('lists both extensions', async () => {
      const aliases = ((await admin.get('/extensions')).body['extensions'] as Dict[]).map((e) => e['alias']);
      expect(aliases).toEqual(expect.arrayContaining(['port-resource-request', 'port-resource-request-groups']));
    });

    it("asks for the port's minimum bandwidth and packet rate in groups, to admins only, and for nothing once the policy is gone", async () => {
      const policy = await minimumPolicy(500);
      const created = await port(alice, { network_id: vlan, qos_policy_id: policy.id });
      const id = String(created['id']);
      const bw = bandwidthGroup(id, policy);
      const pps = { id: requestGroupId(id, [policy.pps!]), required: ['CUSTOM_VNIC_TYPE_NORMAL'], resources: { NET_PACKET_RATE_KILOPACKET_PER_SEC: 500 } };
      const expected = { request_groups: [bw, pps], same_subtree: [bw['id'], pps['id']] };
      expect(created).not.toHaveProperty('resource_request');
      expect((await show(admin, id))['resource_request']).toEqual(expected);
      expect(await show(alice, id)).not.toHaveProperty('resource_request');
      const listed = (await admin.get(`/ports?id=${id}&fields=id&fields=resource_request`)).body['ports'] as Dict[];
      expect(listed).toEqual([{ id, resource_request: expected }]);
      const updated = await admin.put(`/ports/${id}`, { port: { qos_policy_id: null } });
      expect((updated.body['port'] as Dict)['resource_request']).toBeNull();
      expect((await show(admin, id))['resource_request']).toBeNull();
    });

    it("takes the network's policy, the VNIC type's trait and leaves out rules that reserve nothing", async () => {
      const policy = await minimumPolicy();
      const net = (
        await admin.post('/networks', { network: { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', qos_policy_id: policy.id } })
      ).body['network'] as Dict;
      const inherited = await port(admin, { network_id: net['id'], 'binding:vnic_type': 'direct' });
      const bw = bandwidthGroup(String(inherited['id']), policy, 'DIRECT');
      expect(inherited['resource_request']).toEqual({ request_groups: [bw], same_subtree: [bw['id']] });
      const limitOnly = await createPolicy(admin, 'limit');
      await createRule(admin, limitOnly, 'bandwidth_limit_rules', { max_kbps: 1000, max_burst_kbps: 800 });
      expect((await port(admin, { network_id: vlan, qos_policy_id: limitOnly }))['resource_request']).toBeNull();
      expect((await port(admin, { network_id: vlan }))['resource_request']).toBeNull();
    });

    it('asks for a minimum packet rate on a network without a physical network, and refuses a minimum bandwidth there', async () => {
      const ppsOnly = await createPolicy(admin, 'pps');
      const rule = String((await createRule(admin, ppsOnly, 'minimum_packet_rate_rules', { direction: 'egress', min_kpps: 10 }))['id']);
      const onVxlan = await port(admin, { network_id: vxlan, qos_policy_id: ppsOnly });
      const group = {
        id: requestGroupId(String(onVxlan['id']), [rule]),
        required: ['CUSTOM_VNIC_TYPE_NORMAL'],
        resources: { NET_PACKET_RATE_EGR_KILOPACKET_PER_SEC: 10 },
      };
      expect(onVxlan['resource_request']).toEqual({ request_groups: [group], same_subtree: [group['id']] });
      const refused = await admin.post('/ports', { port: { network_id: vxlan, qos_policy_id: (await minimumPolicy()).id } });
      expect([refused.status, (refused.body['NeutronError'] as Dict)['type']]).toEqual([409, 'QosRuleNotSupported']);
    });

    it('computes each port of a list on its own', async () => {
      const policy = await minimumPolicy();
      const ids = [String((await port(admin, { network_id: vlan, qos_policy_id: policy.id }))['id']), String((await port(admin, { network_id: vlan }))['id'])];
      const listed = (await admin.get(`/ports?id=${ids[0]}&id=${ids[1]}&fields=id&fields=resource_request`)).body['ports'] as Dict[];
      const bw = bandwidthGroup(ids[0]!, policy);
      expect(listed.sort((a, b) => ids.indexOf(String(a['id'])) - ids.indexOf(String(b['id'])))).toEqual([
        { id: ids[0], resource_request: { request_groups: [bw], same_subtree: [bw['id']] } },
        { id: ids[1], resource_request: null },
      ]);
    });
  });
}
