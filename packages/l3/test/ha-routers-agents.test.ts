import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants, silentLogger, topics } from '@net-server/lib';
import { getRpcTransport, RpcClient, RpcServer, Target, type Transport } from '@net-server/rpc';
import { rabbitDriver } from '@net-server/rpc-rabbit';
import { buildIfStale, databaseOptions, startServer, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, packageDir } from './helpers.js';

const run = promisify(execFile);
type Dict = Record<string, unknown>;
const AGENT_CAST = { timeout: 15_000, interval: 20 };
const admin = { is_admin: true, roles: ['admin'] };

/** An L3 agent as the server sees it: it reports state and receives casts on l3_agent.<host>. */
class FakeL3Agent {
  readonly received: { method: string; args: Dict }[] = [];
  readonly target = new Target({ version: '1.4' });
  routers_updated(_context: unknown, args: Dict): void {
    this.received.push({ method: 'routers_updated', args });
  }
  router_deleted(_context: unknown, args: Dict): void {
    this.received.push({ method: 'router_deleted', args });
  }
  router_removed_from_agent(_context: unknown, args: Dict): void {
    this.received.push({ method: 'router_removed_from_agent', args });
  }
}

/*
 * HA routers on L3 agents (l3-ha with ML2's agents): scheduling to several
 * agents with HA ports, ha_state in the router's l3-agents, and what the
 * agents' RPC answers for HA routers, over RabbitMQ as a server runs it.
 */
describe.each(dialects)('HA routers on L3 agents on %s', (dialect) => {
  const vhost = `l3-ha-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const transportUrl = `rabbit://guest:guest@127.0.0.1:5672/${vhost}`;
  const exchange = `l3-ha-${randomBytes(4).toString('hex')}`;
  let server: TestServer | undefined;
  let base: string;
  const servers: RpcServer[] = [];
  let agentTransport: Transport | undefined;
  let l3: RpcClient;
  const agents = new Map<string, FakeL3Agent>();

  async function request(method: string, path: string, body?: unknown): Promise<{ status: number; body: Dict }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-project-id': 'p1', 'x-roles': 'admin,member' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Dict) : {} };
  }
  async function ok(method: string, path: string, body?: unknown): Promise<Dict> {
    const reply = await request(method, path, body);
    expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
    return reply.body;
  }

  async function startAgent(host: string, agentMode = 'legacy'): Promise<FakeL3Agent> {
    const agent = new FakeL3Agent();
    const agentServer = new RpcServer(agentTransport!, new Target({ topic: topics.L3_AGENT, server: host }), [agent]);
    await agentServer.start();
    servers.push(agentServer);
    agents.set(host, agent);
    const reports = new RpcClient(agentTransport!, new Target({ topic: topics.REPORTS, version: '1.2' }));
    await reports.call(admin, 'report_state', {
      agent_state: {
        agent_state: {
          agent_type: constants.AGENT_TYPE_L3,
          binary: constants.AGENT_PROCESS_L3,
          host,
          topic: topics.L3_AGENT,
          configurations: { agent_mode: agentMode },
          start_flag: true,
        },
      },
      time: new Date().toISOString().replace('T', ' ').replace('Z', ''),
    });
    return agent;
  }

  const haPorts = async (routerId: string): Promise<Dict[]> =>
    (await ok('GET', `/ports?device_id=${routerId}&device_owner=${constants.DEVICE_OWNER_ROUTER_HA_INTF}`))['ports'] as Dict[];
  const l3Agents = async (routerId: string): Promise<Dict[]> => (await ok('GET', `/routers/${routerId}/l3-agents`))['agents'] as Dict[];

  beforeAll(async () => {
    await run('rabbitmqctl', ['-q', 'add_vhost', vhost], { timeout: 30_000 });
    await run('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { timeout: 30_000 });
    buildIfStale(packageDir);
    server = await startServer({
      root: packageDir,
      packages: [join(packageDir, '../ml2')],
      corePlugin: 'ml2',
      servicePlugins: ['router'],
      rpc: true,
      logger: silentLogger,
      ...databaseOptions(dialect),
      config: {
        DEFAULT: { transport_url: transportUrl, control_exchange: exchange, rpc_response_timeout: 20, host: 'l3-ha-test-server' },
        ml2: { type_drivers: ['flat', 'vxlan'], tenant_network_types: ['vxlan'], mechanism_drivers: ['openvswitch'] },
        ml2_type_vxlan: { vni_ranges: ['1:100'] },
      },
    });
    base = `${server.url}/v2.0`;
    agentTransport = await getRpcTransport(
      { transport_url: transportUrl, control_exchange: exchange, rpc_response_timeout: 20 },
      { drivers: { rabbit: rabbitDriver }, logger: silentLogger },
    );
    l3 = new RpcClient(agentTransport, new Target({ topic: topics.L3PLUGIN, version: '1.12' }));
    await startAgent('ha-host-a');
    await startAgent('ha-host-b');
    // MySQL databases start slowly on a loaded machine.
  }, 600_000);

  afterAll(async () => {
    for (const agentServer of servers.splice(0)) {
      await agentServer.stop();
      await agentServer.wait();
    }
    await agentTransport?.cleanup();
    await server?.stop();
    await run('rabbitmqctl', ['-q', 'delete_vhost', vhost], { timeout: 30_000 });
  }, 120_000);

  it('schedules an HA router to every agent (up to max_l3_agents_per_router) with an HA port each, and shows their ha_state', async () => {
    const router = (await ok('POST', '/routers', { router: { name: 'ha', ha: true } }))['router'] as Dict;
    const id = String(router['id']);
    const ports = await haPorts(id);
    expect(ports).toHaveLength(2);
    expect(ports.every((port) => port['name'] === 'HA port tenant p1' && port['tenant_id'] === '')).toBe(true);
    const network = ((await ok('GET', `/networks/${String(ports[0]!['network_id'])}`))['network'] as Dict)['name'];
    expect(network).toBe('HA network tenant p1');
    const hosting = await l3Agents(id);
    expect(hosting.map((agent) => [agent['host'], agent['ha_state']]).sort()).toEqual([
      ['ha-host-a', 'standby'],
      ['ha-host-b', 'standby'],
    ]);
    for (const host of ['ha-host-a', 'ha-host-b']) {
      await expect.poll(() => agents.get(host)!.received.some((cast) => (cast.args['routers'] as unknown[] | undefined)?.includes(id)), AGENT_CAST).toBe(true);
    }
    const onAgent = (await ok('GET', `/agents/${String(hosting[0]!['id'])}/l3-routers`))['routers'] as Dict[];
    expect(onAgent.find((candidate) => candidate['id'] === id)).toMatchObject({ ha: true, distributed: false });
    const legacy = (await ok('POST', '/routers', { router: { name: 'legacy' } }))['router'] as Dict;
    const legacyAgents = await l3Agents(String(legacy['id']));
    expect(legacyAgents).toHaveLength(1);
    expect(legacyAgents[0]!['ha_state']).toBeNull();
    expect(await haPorts(String(legacy['id']))).toEqual([]);
  });

  it('answers an agent the HA router with its VRID, its HA port there and the state it reported', async () => {
    const router = (await ok('POST', '/routers', { router: { name: 'ha-sync', ha: true } }))['router'] as Dict;
    const id = String(router['id']);
    const count = (await l3.prepare({ version: '1.11' }).call(admin, 'get_host_ha_router_count', { host: 'ha-host-a' })) as number;
    expect(count).toBeGreaterThanOrEqual(1);
    await l3.prepare({ version: '1.5' }).call(admin, 'update_ha_routers_states', { host: 'ha-host-a', states: { [id]: 'active' } });
    expect((await l3Agents(id)).find((agent) => agent['host'] === 'ha-host-a')!['ha_state']).toBe('active');
    expect((await l3Agents(id)).find((agent) => agent['host'] === 'ha-host-b')!['ha_state']).toBe('standby');

    const [synced] = (await l3.call(admin, 'sync_routers', { host: 'ha-host-a', router_ids: [id] })) as Dict[];
    expect(synced).toMatchObject({ id, ha: true, distributed: false, _ha_state: 'active' });
    expect(synced!['ha_vr_id']).toEqual(expect.any(Number));
    expect(Number(synced!['ha_vr_id'])).toBeGreaterThanOrEqual(1);
    const haInterface = synced!['_ha_interface'] as Dict;
    const mine = (await haPorts(id)).find((port) => port['binding:host_id'] === 'ha-host-a');
    expect(haInterface['id']).toBe(mine?.['id']);
    expect(haInterface['device_owner']).toBe(constants.DEVICE_OWNER_ROUTER_HA_INTF);
    expect((haInterface['subnets'] as Dict[]).map((subnet) => subnet['cidr'])).toEqual(['169.254.192.0/18']);
    expect(haInterface['mtu']).toEqual(expect.any(Number));
  });

  it('takes a router that stops being HA off its agents and HA ports, tells them, schedules it anew, and drops the HA network with the last HA router', async () => {
    const routers = ((await ok('GET', '/routers'))['routers'] as Dict[]).filter((router) => router['ha'] === true);
    const [first, ...rest] = routers.map((router) => String(router['id']));
    for (const id of rest) expect((await request('DELETE', `/routers/${id}`)).status).toBe(204);
    await ok('PUT', `/routers/${first!}`, { router: { admin_state_up: false } });
    expect(((await ok('PUT', `/routers/${first!}`, { router: { ha: false } }))['router'] as Dict)['ha']).toBe(false);
    expect(await haPorts(first!)).toEqual([]);
    for (const host of ['ha-host-a', 'ha-host-b']) {
      await expect
        .poll(
          () => agents.get(host)!.received.some((cast) => cast.method === 'router_removed_from_agent' && (cast.args['payload'] as Dict)['router_id'] === first),
          AGENT_CAST,
        )
        .toBe(true);
    }
    const hosting = await l3Agents(first!);
    expect(hosting).toHaveLength(1);
    expect(hosting[0]!['ha_state']).toBeNull();
    expect(((await ok('GET', `/networks?name=${encodeURIComponent('HA network tenant p1')}`))['networks'] as Dict[]).length).toBe(0);
  });

  it('schedules a distributed router to dvr_snat agents only, as neutron, not to legacy ones', async () => {
    const router = (await ok('POST', '/routers', { router: { name: 'dvr', distributed: true } }))['router'] as Dict;
    const id = String(router['id']);
    expect(await l3Agents(id)).toEqual([]);
    await startAgent('dvr-snat-host', 'dvr_snat');
    const ids = (await l3.prepare({ version: '1.9' }).call(admin, 'get_router_ids', { host: 'dvr-snat-host' })) as string[];
    expect(ids).toContain(id);
    expect((await l3Agents(id)).map((agent) => agent['host'])).toEqual(['dvr-snat-host']);
    const [synced] = (await l3.call(admin, 'sync_routers', { host: 'dvr-snat-host', router_ids: [id] })) as Dict[];
    expect(synced).toMatchObject({ id, distributed: true, ha: false });
  });
});
