import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants, silentLogger, topics } from '@net-server/lib';
import { getRpcTransport, RpcClient, RpcServer, Target, type Transport } from '@net-server/rpc';
import { rabbitDriver } from '@net-server/rpc-rabbit';
import type { Database } from 'net-server';
import type { L3AgentFailoverWorker, L3RouterPlugin } from '@net-server/l3';
import { buildIfStale, startServer, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageDir } from './helpers.js';

const run = promisify(execFile);
type Dict = Record<string, unknown>;
/** How long a cast to an agent may take over the broker, checked every 20 ms. */
const AGENT_CAST = { timeout: 15_000, interval: 20 };

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
 * core_plugin = ml2 and service_plugins = router as a server runs them,
 * agents talking over RabbitMQ in a vhost of this file's own with its own
 * control exchange; agents register through ML2's report_state.
 */
describe('L3 agent RPC over RabbitMQ', () => {
  const vhost = `l3-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const exchange = `l3-${randomBytes(4).toString('hex')}`;
  const transportUrl = `rabbit://guest:guest@127.0.0.1:5672/${vhost}`;
  let server: TestServer | undefined;
  let database: Database;
  let base: string;
  let plugin: L3RouterPlugin;
  /** The fake agents' RPC servers. */
  const servers: RpcServer[] = [];
  let agentTransport: Transport | undefined;
  let l3: RpcClient;
  const agents = new Map<string, FakeL3Agent>();
  let externalNet: string;

  async function request(method: string, path: string, body?: unknown, roles = 'admin,member'): Promise<{ status: number; body: Dict }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-project-id': 'p1', 'x-roles': roles },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Dict) : {} };
  }
  async function create(path: string, key: string, body: Dict): Promise<Dict> {
    const reply = await request('POST', path, { [key]: body });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body[key] as Dict;
  }

  async function startAgent(host: string, configurations: Dict = { agent_mode: 'legacy' }): Promise<FakeL3Agent> {
    const agent = new FakeL3Agent();
    const agentServer = new RpcServer(agentTransport, new Target({ topic: topics.L3_AGENT, server: host }), [agent]);
    await agentServer.start();
    servers.push(agentServer);
    agents.set(host, agent);
    const reports = new RpcClient(agentTransport, new Target({ topic: topics.REPORTS, version: '1.2' }));
    await reports.call({ is_admin: true, roles: ['admin'] }, 'report_state', {
      agent_state: {
        agent_state: {
          agent_type: constants.AGENT_TYPE_L3,
          binary: constants.AGENT_PROCESS_L3,
          host,
          topic: topics.L3_AGENT,
          configurations,
          start_flag: true,
        },
      },
      time: new Date().toISOString().replace('T', ' ').replace('Z', ''),
    });
    return agent;
  }

  beforeAll(async () => {
    await run('rabbitmqctl', ['-q', 'add_vhost', vhost], { timeout: 30_000 });
    await run('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { timeout: 30_000 });
    // The server loads this package through its entry points, from dist; ML2 and the rabbit transport are linked in beside it.
    buildIfStale(packageDir);
    server = await startServer({
      root: packageDir,
      packages: [join(packageDir, '../ml2')],
      corePlugin: 'ml2',
      servicePlugins: ['router'],
      rpc: true,
      logger: silentLogger,
      config: {
        DEFAULT: {
          router_scheduler_driver: 'least_routers',
          allow_automatic_l3agent_failover: true,
          transport_url: transportUrl,
          control_exchange: exchange,
          rpc_response_timeout: 20,
          host: 'l3-test-server',
        },
        ml2: { type_drivers: ['flat', 'vxlan'], tenant_network_types: ['vxlan'], mechanism_drivers: ['openvswitch'] },
        ml2_type_vxlan: { vni_ranges: ['1:100'] },
      },
    });
    database = server.database;
    plugin = server.manager.getPluginForResource('routers') as L3RouterPlugin;
    base = `${server.url}/v2.0`;
    agentTransport = await getRpcTransport(
      { transport_url: transportUrl, control_exchange: exchange, rpc_response_timeout: 20 },
      { drivers: { rabbit: rabbitDriver }, logger: silentLogger },
    );
    l3 = new RpcClient(agentTransport, new Target({ topic: topics.L3PLUGIN, version: '1.12' }));
    externalNet = String((await create('/networks', 'network', { name: 'public', 'router:external': true, 'provider:network_type': 'vxlan' }))['id']);
    await create('/subnets', 'subnet', { network_id: externalNet, ip_version: 4, cidr: '172.24.4.0/24' });
  }, 300_000);

  afterAll(async () => {
    for (const agentServer of servers.splice(0)) {
      await agentServer.stop();
      await agentServer.wait();
    }
    await agentTransport?.cleanup();
    await server?.stop();
    await run('rabbitmqctl', ['-q', 'delete_vhost', vhost], { timeout: 30_000 });
  }, 120_000);

  const admin = { is_admin: true, roles: ['admin'] };

  it('answers the plugin list, the external network and "no HA"', async () => {
    expect(await l3.call(admin, 'get_service_plugin_list')).toEqual(expect.arrayContaining(['CORE', 'L3_ROUTER_NAT']));
    expect(await l3.call(admin, 'get_external_network_id', { host: 'nohost' })).toBe(externalNet);
    expect(await l3.call(admin, 'update_ha_routers_states', { host: 'nohost', states: {} })).toBeNull();
  });

  it("answers what a Zed L3 agent asks at start: its HA router count (1.11), the HA ports' full-sync reset (1.12), networks (1.10)", async () => {
    expect(await l3.prepare({ version: '1.11' }).call(admin, 'get_host_ha_router_count', { host: 'l3-host-a' })).toBe(0);
    expect(await l3.prepare({ version: '1.12' }).call(admin, 'update_all_ha_network_port_statuses', { host: 'l3-host-a' })).toBeNull();
    const networks = (await l3
      .prepare({ version: '1.10' })
      .call(admin, 'get_networks', { filters: { 'router:external': [true] }, fields: ['id', 'name'] })) as Dict[];
    expect(networks).toEqual([{ id: externalNet, name: 'public' }]);
    await expect(l3.prepare({ version: '1.10' }).call(admin, 'get_networks', { filters: ['not', 'a', 'dict'] })).rejects.toMatchObject({
      message: expect.stringContaining("'filters' must be a dict of filters"),
    });
  });

  it('schedules routers to the live L3 agent with the fewest, notifies it, and syncs them', async () => {
    const a = await startAgent('l3-host-a');
    const b = await startAgent('l3-host-b');
    const internal = await create('/networks', 'network', { name: 'private' });
    const subnet = await create('/subnets', 'subnet', { network_id: internal['id'], ip_version: 4, cidr: '10.0.0.0/24' });
    const r1 = await create('/routers', 'router', { name: 'r1', external_gateway_info: { network_id: externalNet } });
    const r2 = await create('/routers', 'router', { name: 'r2' });
    const hosts = [] as string[];
    for (const router of [r1, r2]) {
      const agentsOf = await request('GET', `/routers/${String(router['id'])}/l3-agents`);
      expect(agentsOf.status, JSON.stringify(agentsOf.body)).toBe(200);
      // neutron's RouterL3AgentController answers {"agents": [...]}.
      expect(Object.keys(agentsOf.body)).toEqual(['agents']);
      const listed = agentsOf.body['agents'] as Dict[];
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ agent_type: 'L3 agent', alive: true });
      hosts.push(String(listed[0]!['host']));
    }
    // least_routers: the second router went to the other agent.
    expect(new Set(hosts)).toEqual(new Set(['l3-host-a', 'l3-host-b']));
    // The reverse, as neutron's RouterSchedulerController: an agent's routers, {"routers": [...]}.
    for (const [index, router] of [r1, r2].entries()) {
      const [agent] = (await request('GET', `/agents?agent_type=L3%20agent&host=${hosts[index]!}`)).body['agents'] as Dict[];
      const onAgent = await request('GET', `/agents/${String(agent!['id'])}/l3-routers`);
      expect(onAgent.status, JSON.stringify(onAgent.body)).toBe(200);
      expect(Object.keys(onAgent.body)).toEqual(['routers']);
      expect(onAgent.body['routers']).toEqual([
        expect.objectContaining({ id: router['id'], name: router['name'], external_gateway_info: router['external_gateway_info'] }),
      ]);
      const filtered = await request('GET', `/agents/${String(agent!['id'])}/l3-routers?id=${String(r1['id'])}&fields=id`);
      expect(filtered.body).toEqual({ routers: index === 0 ? [{ id: r1['id'] }] : [] });
      // Admins only, as neutron's get_l3-agents and get_l3-routers policies.
      expect((await request('GET', `/agents/${String(agent!['id'])}/l3-routers`, undefined, 'member')).status).toBe(403);
      expect((await request('GET', `/routers/${String(router['id'])}/l3-agents`, undefined, 'member')).status).toBe(403);
    }
    const unknown = await request('GET', '/agents/5f1bdcd6-67a1-4c5b-9b5e-000000000000/l3-routers');
    expect(unknown.status).toBe(404);
    expect((unknown.body['NeutronError'] as Dict)['type']).toBe('AgentNotFound');
    const hostOf = new Map([
      [String(r1['id']), hosts[0]!],
      [String(r2['id']), hosts[1]!],
    ]);
    const agentOf = (id: string): FakeL3Agent => agents.get(hostOf.get(id)!)!;
    await expect
      .poll(
        () => agentOf(String(r1['id'])).received.some((m) => m.method === 'routers_updated' && (m.args['routers'] as string[]).includes(String(r1['id']))),
        AGENT_CAST,
      )
      .toBe(true);

    const added = await request('PUT', `/routers/${String(r1['id'])}/add_router_interface`, { subnet_id: subnet['id'] });
    expect(added.status).toBe(200);
    const vm = (await request('POST', '/ports', { port: { network_id: internal['id'] } })).body['port'] as Dict;
    const fip = await create('/floatingips', 'floatingip', { floating_network_id: externalNet, port_id: vm['id'] });

    const hostA = hostOf.get(String(r1['id']))!;
    expect(await l3.call(admin, 'get_router_ids', { host: hostA })).toEqual([String(r1['id'])]);
    const synced = (await l3.call(admin, 'sync_routers', { host: hostA })) as Dict[];
    expect(synced).toHaveLength(1);
    const router = synced[0]!;
    expect(router).toMatchObject({ id: r1['id'], ha: false, distributed: false, enable_snat: true });
    const gwPort = router['gw_port'] as Dict;
    expect(gwPort).toMatchObject({ network_id: externalNet, device_owner: 'network:router_gateway', 'binding:host_id': hostA });
    expect((gwPort['subnets'] as Dict[])[0]).toMatchObject({ cidr: '172.24.4.0/24', gateway_ip: '172.24.4.1' });
    expect((gwPort['fixed_ips'] as Dict[])[0]).toMatchObject({ prefixlen: 24 });
    expect(router['_interfaces']).toEqual([expect.objectContaining({ device_owner: 'network:router_interface', 'binding:host_id': hostA })]);
    expect(router['_floatingips']).toEqual([expect.objectContaining({ id: fip['id'], port_id: vm['id'], status: 'DOWN' })]);
    // No L2 agent on the host yet, so binding its ports failed; once one reports, the next sync binds them there (neutron's _ensure_host_set_on_port).
    expect(router['_interfaces']).toEqual([expect.objectContaining({ 'binding:vif_type': 'binding_failed' })]);
    await new RpcClient(agentTransport, new Target({ topic: topics.REPORTS, version: '1.2' })).call(admin, 'report_state', {
      agent_state: {
        agent_state: {
          agent_type: constants.AGENT_TYPE_OVS,
          binary: 'neutron-openvswitch-agent',
          host: hostA,
          topic: 'N/A',
          configurations: { tunnel_types: ['vxlan'], tunneling_ip: '192.0.2.9' },
        },
      },
      time: new Date().toISOString().replace('T', ' ').replace('Z', ''),
    });
    const [resynced] = (await l3.call(admin, 'sync_routers', { host: hostA, router_ids: [String(r1['id'])] })) as Dict[];
    expect(resynced!['_interfaces']).toEqual([expect.objectContaining({ 'binding:host_id': hostA, 'binding:vif_type': 'ovs' })]);
    expect(await l3.call(admin, 'sync_routers', { host: hostA, router_ids: [String(r2['id'])] })).toEqual([]);

    await l3.call(admin, 'update_floatingip_statuses', { router_id: r1['id'], fip_statuses: { [String(fip['id'])]: 'ACTIVE', 'no-such-fip': 'ACTIVE' } });
    expect(((await request('GET', `/floatingips/${String(fip['id'])}`)).body['floatingip'] as Dict)['status']).toBe('ACTIVE');

    const gateway = (await l3.call(admin, 'get_agent_gateway_port', { host: hostA, network_id: externalNet })) as Dict;
    expect(gateway).toMatchObject({ device_owner: 'network:floatingip_agent_gateway', network_id: externalNet });
    const again = (await l3.call(admin, 'get_agent_gateway_port', { host: hostA, network_id: externalNet })) as Dict;
    expect(again['id']).toBe(gateway['id']);
    await expect(l3.call(admin, 'get_agent_gateway_port', { host: 'no-agent-here', network_id: externalNet })).rejects.toMatchObject({
      message: expect.stringContaining('Agent with agent_type=L3 agent and host=no-agent-here could not be found'),
    });

    // A deleted router goes to every agent on the fanout.
    expect((await request('DELETE', `/routers/${String(r2['id'])}`)).status).toBe(204);
    for (const agent of [a, b])
      await expect.poll(() => agent.received.some((m) => m.method === 'router_deleted' && m.args['router_id'] === r2['id']), AGENT_CAST).toBe(true);
    expect(await l3.call(admin, 'get_router_ids', { host: hostOf.get(String(r2['id']))! })).toEqual([]);
  });

  it('auto-schedules unhosted routers to an agent asking for its routers', async () => {
    // Routers created while no agent could take them (here: bindings removed) go to the first agent that asks.
    const router = await create('/routers', 'router', { name: 'later' });
    const id = String(router['id']);
    await database.db.deleteFrom('routerl3agentbindings').where('router_id', '=', id).execute();
    const late = await startAgent('l3-host-c');
    expect(late.received).toEqual([]);
    expect(await l3.call(admin, 'get_router_ids', { host: 'l3-host-c' })).toContain(id);
    expect(((await request('GET', `/routers/${id}/l3-agents`)).body['agents'] as Dict[]).map((agent) => agent['host'])).toEqual(['l3-host-c']);
  });

  it('moves routers off an L3 agent that stopped reporting (allow_automatic_l3agent_failover)', async () => {
    const router = await create('/routers', 'router', { name: 'failover' });
    const id = String(router['id']);
    const hostOf = async (): Promise<string[]> =>
      ((await request('GET', `/routers/${id}/l3-agents`)).body['agents'] as Dict[]).map((agent) => String(agent['host']));
    const [before] = await hostOf();
    expect(before).toBeDefined();
    // The agent's last report was long ago: more than twice agent_down_time.
    await database.db.updateTable('ml2_agents').set({ heartbeat_timestamp: '2000-01-01T00:00:00.000Z' }).where('host', '=', before!).execute();
    const workers = plugin.getWorkers();
    expect(workers.map((worker) => worker.name)).toEqual(['L3AgentFailoverWorker']);
    await (workers[0] as L3AgentFailoverWorker).runOnce();
    const [after] = await hostOf();
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    await expect
      .poll(
        () => agents.get(before!)!.received.some((m) => m.method === 'router_removed_from_agent' && (m.args['payload'] as Dict)['router_id'] === id),
        AGENT_CAST,
      )
      .toBe(true);
    await expect
      .poll(() => agents.get(after!)!.received.some((m) => m.method === 'routers_updated' && (m.args['routers'] as string[]).includes(id)), AGENT_CAST)
      .toBe(true);
  });

  it('closes its broker connections with close(), as the server does on stop and on reload (ML2 too)', async () => {
    const open = async (): Promise<number> =>
      (await run('rabbitmqctl', ['-q', '--no-table-headers', 'list_connections', 'vhost'], { timeout: 30_000 })).stdout
        .split('\n')
        .filter((line) => line.trim() === vhost).length;
    for (const agentServer of servers.splice(0)) {
      await agentServer.stop();
      await agentServer.wait();
    }
    await agentTransport?.cleanup();
    agentTransport = undefined;
    expect(await open()).toBeGreaterThan(0);
    // The server's stop: its RPC workers stop, then every plugin's close() (ML2's and the L3 plugin's).
    await server?.stop();
    await expect.poll(open, { timeout: 5000, interval: 100 }).toBe(0);
  });
});
