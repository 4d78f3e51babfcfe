import { join } from 'node:path';
import { constants, silentLogger } from '@net-server/lib';
import { buildIfStale, startServer, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageDir } from './helpers.js';

type Dict = Record<string, unknown>;

/** What the agents' report_state RPC hands the core plugin (ML2's). */
interface ReportsState {
  reportAgentState(reported: Dict): Promise<string>;
}

describe("router_availability_zone: routers in the L3 agents' zones, through the REST API", () => {
  let server: TestServer;
  let base: string;

  async function request(method: string, path: string, body?: unknown, roles = 'admin,member'): Promise<{ status: number; body: Dict }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-project-id': 'p1', 'x-roles': roles },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Dict) : {} };
  }
  const errorType = (answer: { body: Dict }) => (answer.body['NeutronError'] as { type: string } | undefined)?.type;

  beforeAll(async () => {
    buildIfStale(packageDir);
    server = await startServer({
      root: packageDir,
      packages: [join(packageDir, '../ml2')],
      corePlugin: 'ml2',
      servicePlugins: ['router'],
      logger: silentLogger,
      config: {
        DEFAULT: { router_scheduler_driver: 'neutron.scheduler.l3_agent_scheduler.AZLeastRoutersScheduler', default_availability_zones: 'zone-b' },
        ml2: { type_drivers: ['vxlan'], tenant_network_types: ['vxlan'], mechanism_drivers: ['openvswitch'] },
        ml2_type_vxlan: { vni_ranges: ['1:100'] },
      },
    });
    base = `${server.url}/v2.0`;
    const core = server.manager.corePlugin as unknown as ReportsState;
    const l3 = (host: string, zone: string) => ({
      agent_type: constants.AGENT_TYPE_L3,
      binary: constants.AGENT_PROCESS_L3,
      host,
      topic: 'l3_agent',
      availability_zone: zone,
      configurations: { agent_mode: 'legacy' },
    });
    for (const [host, zone] of [
      ['l3-a1', 'zone-a'],
      ['l3-a2', 'zone-a'],
      ['l3-b', 'zone-b'],
    ] as const)
      await core.reportAgentState(l3(host, zone));
    await core.reportAgentState({
      agent_type: constants.AGENT_TYPE_DHCP,
      binary: 'neutron-dhcp-agent',
      host: 'dhcp-1',
      topic: 'dhcp_agent',
      availability_zone: 'net-zone',
      configurations: {},
    });
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("advertises router_availability_zone and lists the L3 agents' zones for routers", async () => {
    const aliases = ((await request('GET', '/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toContain('router_availability_zone');
    const zones = await request('GET', '/availability_zones?resource=router', undefined, 'member');
    expect(zones.body['availability_zones']).toEqual([
      { name: 'zone-a', resource: 'router', state: 'available' },
      { name: 'zone-b', resource: 'router', state: 'available' },
    ]);
  });

  it("keeps a router's hints, schedules it to an agent of its zones (else default_availability_zones) and shows that agent's zone", async () => {
    const hinted = await request('POST', '/routers', { router: { name: 'in-b', availability_zone_hints: ['zone-b'] } }, 'member');
    expect(hinted.status, JSON.stringify(hinted.body)).toBe(201);
    const router = hinted.body['router'] as { id: string };
    expect(router).toMatchObject({ availability_zone_hints: ['zone-b'] });
    // Scheduled when it changes (router_auto_schedule), as an agent would see it.
    expect((await request('PUT', `/routers/${router.id}`, { router: { name: 'in-b, scheduled' } })).status).toBe(200);
    expect((await request('GET', `/routers/${router.id}`)).body['router']).toMatchObject({
      availability_zone_hints: ['zone-b'],
      availability_zones: ['zone-b'],
    });
    const hosts = ((await request('GET', `/routers/${router.id}/l3-agents`)).body['agents'] as { host: string }[]).map((agent) => agent.host);
    expect(hosts).toEqual(['l3-b']);

    const plain = (await request('POST', '/routers', { router: { name: 'anywhere' } })).body['router'] as { id: string };
    expect(plain).toMatchObject({ availability_zone_hints: [] });
    await request('PUT', `/routers/${plain.id}`, { router: { name: 'anywhere, scheduled' } });
    expect((await request('GET', `/routers/${plain.id}`)).body['router']).toMatchObject({ availability_zones: ['zone-b'] });
  });

  it('refuses zones no L3 agent reports, and hints on update', async () => {
    for (const zone of ['net-zone', 'nowhere']) {
      const refused = await request('POST', '/routers', { router: { name: 'x', availability_zone_hints: [zone] } });
      expect([refused.status, errorType(refused)]).toEqual([404, 'AvailabilityZoneNotFound']);
    }
    const router = (await request('POST', '/routers', { router: { name: 'y' } })).body['router'] as { id: string };
    expect((await request('PUT', `/routers/${router.id}`, { router: { availability_zone_hints: ['zone-a'] } })).status).toBe(400);
  });
});
