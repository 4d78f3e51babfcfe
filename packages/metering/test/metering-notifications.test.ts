import { silentLogger, topics } from '@net-server/lib';
import { createConnection, RpcClient, Target, type RpcServer, type Transport } from '@net-server/rpc';
import { startServer, testTransport, type ApiClient, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugins, created, packageDir, type Dict } from './helpers.js';

const LABELS = '/metering/metering-labels';
const RULES = '/metering/metering-label-rules';
const admin = { is_admin: true, roles: ['admin'], project_id: null, user_id: null };
/** How long a cast may take to reach the agent's side, checked every 20 ms. */
const DELIVERY = { timeout: 10_000, interval: 20 };

/*
 * The DB base plugin as core plugin: routers are not scheduled to L3
 * agents, so, as neutron's MeteringAgentNotifyAPI without
 * l3_agent_scheduler, every change goes to every metering agent on the
 * metering_agent fanout, and get_sync_data_metering answers every router
 * whatever the host. Agents meet the server on its in-process transport.
 */
describe('metering agent notifications without L3 agent scheduling', () => {
  let server: TestServer;
  let api: ApiClient;
  let agent: Transport;
  let plugin: RpcClient;
  const consumers: RpcServer[] = [];
  const casts: { method: string; routers: Dict[] }[] = [];
  let router: Dict;
  let down: Dict;
  let gatewayPort: string;

  beforeAll(async () => {
    buildPlugins();
    server = await startServer({ root: packageDir, servicePlugins: ['router', 'metering'], rpc: true, config: { DEFAULT: { allow_overlapping_ips: true } } });
    api = server.client;
    agent = await testTransport(server.transportUrl);
    plugin = new RpcClient(agent, new Target({ topic: topics.METERING_PLUGIN, version: '1.0' }));
    const record = (method: string) => (_context: unknown, args: Dict) => void casts.push({ method, routers: args['routers'] as Dict[] });
    const endpoint = {
      target: new Target({ version: '1.0' }),
      add_metering_label: record('add_metering_label'),
      remove_metering_label: record('remove_metering_label'),
      add_metering_label_rule: record('add_metering_label_rule'),
      remove_metering_label_rule: record('remove_metering_label_rule'),
    };
    const connection = createConnection(agent, { logger: silentLogger });
    connection.createConsumer(topics.METERING_AGENT, [endpoint], { fanout: true, server: 'metering-host' });
    consumers.push(...(await connection.consume()));

    const external = created(await api.post('/networks', { network: { name: 'public', 'router:external': true } }), 'network');
    created(await api.post('/subnets', { subnet: { network_id: external['id'], ip_version: 4, cidr: '203.0.113.0/24' } }), 'subnet');
    const project = api.as({ projectId: 'project-a', roles: ['member', 'reader'] });
    router = created(await project.post('/routers', { router: { name: 'r1', external_gateway_info: { network_id: external['id'] } } }), 'router');
    // A router that is down is not metered.
    down = created(await project.post('/routers', { router: { name: 'down', admin_state_up: false } }), 'router');
    created(await api.as({ projectId: 'project-b', roles: ['member'] }).post('/routers', { router: { name: 'elsewhere' } }), 'router');
    const ports = (await api.get(`/ports?device_id=${String(router['id'])}&device_owner=network:router_gateway`)).body['ports'] as Dict[];
    gatewayPort = String(ports[0]!['id']);
  }, 240_000);

  afterAll(async () => {
    for (const consumer of consumers.splice(0)) {
      await consumer.stop();
      await consumer.wait();
    }
    await agent?.cleanup();
    await server?.stop();
  });

  async function nextCast(method: string): Promise<Dict[]> {
    await expect.poll(() => casts.some((cast) => cast.method === method), DELIVERY).toBe(true);
    const at = casts.findIndex((cast) => cast.method === method);
    return casts.splice(at, 1)[0]!.routers;
  }

  const routerFields = () => ({
    id: router['id'],
    name: 'r1',
    project_id: 'project-a',
    admin_state_up: true,
    status: 'ACTIVE',
    gw_port_id: gatewayPort,
    distributed: false,
  });
  const downFields = () => ({
    id: down['id'],
    name: 'down',
    project_id: 'project-a',
    admin_state_up: false,
    status: 'ACTIVE',
    gw_port_id: null,
    distributed: false,
  });

  it("tells every agent of a project's label and its rules, with the project's routers that are up", async () => {
    const label = created(await api.post(LABELS, { metering_label: { name: 'a-label', tenant_id: 'project-a' } }), 'metering_label');
    const labelId = label['id'];
    expect(await nextCast('add_metering_label')).toEqual([
      { ...routerFields(), _metering_labels: [{ id: labelId, rules: [], shared: false, name: 'a-label' }] },
    ]);

    const rule = created(
      await api.post(RULES, { metering_label_rule: { metering_label_id: labelId, direction: 'egress', destination_ip_prefix: '0.0.0.0/0' } }),
      'metering_label_rule',
    );
    // A rule's casts name every router of the label's project, up or not, as neutron's get_sync_data_for_rule does.
    const ruleRouters = [
      { ...routerFields(), _metering_labels: [{ id: labelId, rule }] },
      { ...downFields(), _metering_labels: [{ id: labelId, rule }] },
    ];
    const added = await nextCast('add_metering_label_rule');
    expect(added).toHaveLength(2);
    expect(added).toEqual(expect.arrayContaining(ruleRouters));

    const synced = (await plugin.call(admin, 'get_sync_data_metering', { host: 'any-host' })) as Dict[];
    expect(synced).toEqual([{ ...routerFields(), _metering_labels: [{ id: labelId, rules: [rule], shared: false, name: 'a-label' }] }]);

    expect((await api.delete(`${RULES}/${String(rule['id'])}`)).status).toBe(204);
    const removed = await nextCast('remove_metering_label_rule');
    expect(removed).toHaveLength(2);
    expect(removed).toEqual(expect.arrayContaining(ruleRouters));
    expect((await api.delete(`${LABELS}/${String(labelId)}`)).status).toBe(204);
    expect(await nextCast('remove_metering_label')).toEqual([
      { ...routerFields(), _metering_labels: [{ id: labelId, rules: [], shared: false, name: 'a-label' }] },
    ]);
  });

  it('meters every router that is up with a shared label', async () => {
    const label = created(await api.post(LABELS, { metering_label: { name: 'everyone', shared: true } }), 'metering_label');
    const routers = await nextCast('add_metering_label');
    expect(routers.map((metered) => metered['name']).sort()).toEqual(['elsewhere', 'r1']);
    for (const metered of routers) expect(metered['_metering_labels']).toEqual([{ id: label['id'], rules: [], shared: true, name: 'everyone' }]);
    expect((await api.delete(`${LABELS}/${String(label['id'])}`)).status).toBe(204);
    expect((await nextCast('remove_metering_label')).length).toBe(2);
  });
});
