import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants } from '@net-server/lib';
import { loadConfig, NetServer } from 'net-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ml2Plugin } from '@net-server/ml2';
import { ensureBuilt } from './built.js';
import { appWithPackages, logger, tempDir } from './helpers.js';
import { admin, ml2Plugin, PLUGIN_INI, projectContext } from './plugin-helpers.js';

const state = (agentType: string, host: string, zone: string) => ({
  agent_type: agentType,
  binary:
    agentType === constants.AGENT_TYPE_L3 ? 'neutron-l3-agent' : agentType === constants.AGENT_TYPE_DHCP ? 'neutron-dhcp-agent' : 'neutron-openvswitch-agent',
  host,
  topic: agentType === constants.AGENT_TYPE_DHCP ? 'dhcp_agent' : 'N/A',
  availability_zone: zone,
  configurations: {},
});

describe('availability zones through the REST API (availability_zone, availability_zone_filter, network_availability_zone)', () => {
  let server: NetServer | undefined;
  let url: string;
  let plugin: Ml2Plugin;

  beforeAll(async () => {
    ensureBuilt();
    const dir = tempDir();
    const conf = join(dir, 'net-server.conf');
    writeFileSync(
      conf,
      [
        '[DEFAULT]',
        'core_plugin = ml2',
        'bind_host = 127.0.0.1',
        'bind_port = 0',
        '[database]',
        `connection = sqlite:///${join(dir, 'db.sqlite')}`,
        '[ml2]',
        'type_drivers = vxlan',
        'tenant_network_types = vxlan',
        'mechanism_drivers = openvswitch',
        '[ml2_type_vxlan]',
        'vni_ranges = 1:100',
      ].join('\n'),
    );
    const plugins = { root: appWithPackages() };
    server = await NetServer.load({
      source: { loadConfig: async () => ({ config: await loadConfig({ configFiles: [conf], plugins, env: {}, logger }), logger }), plugins },
      schema: 'upgrade',
    });
    await server.start();
    plugin = server.environment.current.manager.corePlugin as Ml2Plugin;
    url = `http://127.0.0.1:${server.apiAddress!.port}/v2.0`;
    // As the agents' report_state RPC records them.
    await plugin.reportAgentState(state(constants.AGENT_TYPE_DHCP, 'dhcp-1', 'az1'));
    await plugin.reportAgentState(state(constants.AGENT_TYPE_DHCP, 'dhcp-2', 'az2'));
    await plugin.reportAgentState(state(constants.AGENT_TYPE_L3, 'l3-1', 'az-r'));
    // Only DHCP and L3 agents' zones are zones.
    await plugin.reportAgentState(state(constants.AGENT_TYPE_OVS, 'compute-1', 'az-compute'));
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
  });

  async function request(method: string, path: string, body?: unknown, roles = 'admin,member'): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-project-id': 'p1', 'x-roles': roles },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }
  const zones = async (query = '', roles?: string) => {
    const answer = await request('GET', `/availability_zones${query}`, undefined, roles);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body['availability_zones'];
  };
  const errorType = (answer: { body: Record<string, unknown> }) => (answer.body['NeutronError'] as { type: string } | undefined)?.type;

  it('advertises the three extensions, and serves /v2.0/availability_zones', async () => {
    const aliases = ((await request('GET', '/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toEqual(expect.arrayContaining(['availability_zone', 'availability_zone_filter', 'network_availability_zone', 'agent-resources-synced']));
    // Named with an underscore, and found with a dash too, as neutron's get_controller_for_resource tries both spellings.
    expect((await request('GET', '/availability-zones')).status).toBe(200);
  });

  it("lists the DHCP agents' zones for networks and the L3 agents' for routers, to any user, filtered by name, resource and state", async () => {
    expect(await zones('', 'member')).toEqual([
      { name: 'az1', resource: 'network', state: 'available' },
      { name: 'az2', resource: 'network', state: 'available' },
      { name: 'az-r', resource: 'router', state: 'available' },
    ]);
    const agents = (await request('GET', '/agents?host=dhcp-2')).body['agents'] as { id: string; availability_zone: string }[];
    expect(agents.map((agent) => agent.availability_zone)).toEqual(['az2']);
    // agent-resources-synced: nothing reports to Placement, so the attribute is shown as null.
    expect(agents[0]).toHaveProperty('resources_synced', null);
    expect((await request('PUT', `/agents/${agents[0]!.id}`, { agent: { admin_state_up: false } })).status).toBe(200);
    try {
      expect(await zones('?state=unavailable')).toEqual([{ name: 'az2', resource: 'network', state: 'unavailable' }]);
      expect(await zones('?resource=router')).toEqual([{ name: 'az-r', resource: 'router', state: 'available' }]);
      expect(await zones('?name=az1&name=az-r&resource=network')).toEqual([{ name: 'az1', resource: 'network', state: 'available' }]);
      expect(await zones('?state=available&fields=name')).toEqual([{ name: 'az1' }, { name: 'az-r' }]);
    } finally {
      await request('PUT', `/agents/${agents[0]!.id}`, { agent: { admin_state_up: true } });
    }
  });

  it("keeps a network's hints, refuses zones no DHCP agent reports, and schedules it to an agent of its zone", async () => {
    for (const zone of ['az2', 'az1']) {
      const created = await request('POST', '/networks', { network: { name: `in-${zone}`, availability_zone_hints: [zone] } }, 'member');
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const network = created.body['network'] as { id: string };
      expect(network).toMatchObject({ availability_zone_hints: [zone], availability_zones: [] });
      expect(
        (await request('POST', '/subnets', { subnet: { network_id: network.id, cidr: zone === 'az1' ? '10.1.0.0/24' : '10.2.0.0/24', ip_version: 4 } })).status,
      ).toBe(201);
      expect((await request('GET', `/networks/${network.id}`)).body['network']).toMatchObject({ availability_zone_hints: [zone], availability_zones: [zone] });
      const hosting = (await request('GET', `/networks/${network.id}/dhcp-agents`)).body['agents'] as { host: string }[];
      expect(hosting.map((agent) => agent.host)).toEqual([zone === 'az1' ? 'dhcp-1' : 'dhcp-2']);
    }
    const plain = (await request('POST', '/networks', { network: { name: 'anywhere' } })).body['network'];
    expect(plain).toMatchObject({ availability_zone_hints: [], availability_zones: [] });

    // A router's zone, a compute zone and an unknown one are not network zones.
    for (const zone of ['az-r', 'az-compute', 'nowhere']) {
      const refused = await request('POST', '/networks', { network: { name: 'x', availability_zone_hints: ['az1', zone] } });
      expect([refused.status, errorType(refused)]).toEqual([404, 'AvailabilityZoneNotFound']);
      expect((refused.body['NeutronError'] as { message: string }).message).toBe(`AvailabilityZone ${zone} could not be found.`);
    }
    const notAList = await request('POST', '/networks', { network: { name: 'x', availability_zone_hints: 'az1' } });
    expect([notAList.status, errorType(notAList)]).toEqual([400, 'HTTPBadRequest']);
    const network = (await request('GET', '/networks?name=in-az1')).body['networks'] as { id: string }[];
    const update = await request('PUT', `/networks/${network[0]!.id}`, { network: { availability_zone_hints: ['az2'] } });
    expect(update.status).toBe(400);
  });
});

describe('DHCP scheduling in availability zones', () => {
  const register = async (plugin: Ml2Plugin, hosts: Record<string, string>) => {
    for (const [host, zone] of Object.entries(hosts)) await plugin.reportAgentState(state(constants.AGENT_TYPE_DHCP, host, zone));
  };
  const hostsOf = async (plugin: Ml2Plugin, networkId: string) =>
    (await plugin.dhcp.agentsHostingNetwork(admin, networkId)).map((agent) => String(agent['host'])).sort();

  it('spreads a network over its zones with az_aware_weight, and keeps a network without hints to default_availability_zones', async () => {
    const ini = `${PLUGIN_INI}\n[DEFAULT]\nnetwork_scheduler_driver = neutron.scheduler.dhcp_agent_scheduler.AZAwareWeightScheduler\ndhcp_agents_per_network = 2\ndefault_availability_zones = az2\n`;
    const { plugin } = await ml2Plugin({}, ini);
    await register(plugin, { 'a-1': 'az1', 'a-2': 'az1', 'b-1': 'az2', 'b-2': 'az2' });
    const spread = await plugin.createNetwork(projectContext, { name: 'spread', availability_zone_hints: ['az1', 'az2'] });
    await plugin.createSubnet(projectContext, { network_id: spread.id, cidr: '10.3.0.0/24', ip_version: 4 });
    const hosts = await hostsOf(plugin, spread.id);
    expect(hosts.map((host) => host[0])).toEqual(['a', 'b']);

    const defaulted = await plugin.createNetwork(projectContext, { name: 'defaulted' });
    await plugin.createSubnet(projectContext, { network_id: defaulted.id, cidr: '10.4.0.0/24', ip_version: 4 });
    expect(await hostsOf(plugin, defaulted.id)).toEqual(['b-1', 'b-2']);
  });

  it("auto-schedules to an agent only the networks whose zones include the agent's", async () => {
    const { plugin } = await ml2Plugin();
    const anywhere = await plugin.createNetwork(projectContext, { name: 'anywhere' });
    await plugin.createSubnet(projectContext, { network_id: anywhere.id, cidr: '10.5.0.0/24', ip_version: 4 });
    await register(plugin, { 'a-1': 'az1', 'b-1': 'az2' });
    const hinted = await plugin.createNetwork(projectContext, { name: 'hinted', availability_zone_hints: ['az1'] });
    await plugin.createSubnet(projectContext, { network_id: hinted.id, cidr: '10.6.0.0/24', ip_version: 4 });
    await plugin.dhcp.removeNetworkFromAgent(admin, (await plugin.dhcp.agentsHostingNetwork(admin, hinted.id))[0]!.id as string, hinted.id);
    await plugin.dhcp.scheduling.autoSchedule(admin, 'b-1');
    expect(await hostsOf(plugin, hinted.id)).toEqual([]);
    expect(await hostsOf(plugin, anywhere.id)).toEqual(['b-1']);
    await plugin.dhcp.scheduling.autoSchedule(admin, 'a-1');
    expect(await hostsOf(plugin, hinted.id)).toEqual(['a-1']);
  });
});
