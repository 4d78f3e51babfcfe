import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, topics, type Logger } from '@net-server/lib';
import { RpcClient, Target, type Transport } from '@net-server/rpc';
import {
  addressNotHeld,
  buildIfStale,
  startServer,
  testTransport,
  type ApiClient,
  type ApiResponse,
  type StartServerOptions,
  type TestServer,
} from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingLogger } from '../../net-server/test/helpers.js';
import { computeCatalog, startFakeIdentity, type FakeIdentity } from '../../net-server/test/notifiers/fake-identity.js';
import { startValidatingNova, type ReceivedEvent, type ValidatingNova } from '../../net-server/test/notifiers/validating-nova.js';

type Dict = Record<string, unknown>;

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');
const rpcContext = { is_admin: true, roles: ['admin'], project_id: null, user_id: null };
/** What may pass before Nova has the events of a change: the first batch goes at once, later ones within send_events_interval (1 s here). */
const DELIVERY = { timeout: 10_000, interval: 50 };
const HOST = 'compute1';

/*
 * core_plugin = ml2 (openvswitch, VXLAN) and service_plugins = router as
 * `net-server start` loads them, [nova] pointing at a fake Keystone whose
 * catalog lists the validating Nova (Nova's own request schema, token
 * checked against that Keystone), an Open vSwitch agent played over the
 * server's own RPC bus: what Nova hears of its servers' ports, as neutron's
 * notifier tells it.
 */

function created(reply: ApiResponse, key: string): Dict {
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body[key] as Dict;
}

function ok(reply: ApiResponse, key: string): Dict {
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body[key] as Dict;
}

function serverOptions(identity: FakeIdentity, logger: Logger, defaults: Record<string, string | number | boolean> = {}): StartServerOptions {
  return {
    root: packageDir,
    packages: [resolve(packagesDir, 'ml2')],
    corePlugin: 'ml2',
    servicePlugins: ['router'],
    rpc: true,
    logger,
    config: {
      DEFAULT: { send_events_interval: 1, ...defaults },
      ml2: { type_drivers: ['flat', 'vxlan'], tenant_network_types: ['vxlan'], mechanism_drivers: ['openvswitch'] },
      ml2_type_vxlan: { vni_ranges: ['1:100'] },
      ml2_type_flat: { flat_networks: ['*'] },
      nova: {
        auth_type: 'password',
        auth_url: identity.url,
        username: 'neutron',
        password: 'neutron-secret',
        project_name: 'service',
        user_domain_name: 'Default',
        project_domain_name: 'Default',
        region_name: 'RegionOne',
        endpoint_type: 'internal',
      },
    },
  };
}

/** An Open vSwitch agent on HOST as the server sees it: state reports and the device calls of q-plugin. */
class OvsAgent {
  readonly #plugin: RpcClient;
  readonly #reports: RpcClient;

  constructor(transport: Transport) {
    this.#plugin = new RpcClient(transport, new Target({ topic: topics.PLUGIN, version: '1.0' }));
    this.#reports = new RpcClient(transport, new Target({ topic: topics.REPORTS, version: '1.2' }));
  }

  async report(): Promise<void> {
    await this.#reports.call(rpcContext, 'report_state', {
      agent_state: {
        agent_state: {
          agent_type: constants.AGENT_TYPE_OVS,
          binary: 'neutron-openvswitch-agent',
          host: HOST,
          topic: 'N/A',
          start_flag: true,
          configurations: { bridge_mappings: {}, tunnel_types: ['vxlan'], tunneling_ip: '192.0.2.11' },
        },
      },
      time: `${new Date().toISOString().slice(0, 23)}000`,
    });
  }

  /** What the agent does when a VM's tap appears: asks for the details (BUILD), wires it, reports it up (ACTIVE). */
  async plug(portId: string, host = HOST): Promise<void> {
    await this.#plugin.call(rpcContext, 'get_devices_details_list', { devices: [portId], agent_id: `ovs-${host}`, host });
    await this.#plugin.call(rpcContext, 'update_device_up', { device: portId, agent_id: `ovs-${host}`, host });
  }

  /** update_device_up alone, as an agent that reports a device it already reported. */
  async up(portId: string): Promise<void> {
    await this.#plugin.call(rpcContext, 'update_device_up', { device: portId, agent_id: `ovs-${HOST}`, host: HOST });
  }

  async unplug(portId: string): Promise<void> {
    await this.#plugin.call(rpcContext, 'update_device_down', { device: portId, agent_id: `ovs-${HOST}`, host: HOST });
  }
}

describe("Nova hears of its servers' ports (network-vif-plugged, -unplugged, -deleted, network-changed)", () => {
  let identity: FakeIdentity;
  let nova: ValidatingNova;
  let server: TestServer;
  let api: ApiClient;
  let agent: OvsAgent;
  let network: Dict;
  let subnet: Dict;
  let externalNetwork: Dict;
  const log = recordingLogger();

  /** The events Nova accepted for these servers, in order. */
  async function eventsFor(...servers: string[]): Promise<Omit<ReceivedEvent, 'status' | 'code'>[]> {
    return (await nova.events())
      .filter((event) => servers.includes(event.server_uuid))
      .map(({ server_uuid, name, tag }) => ({ server_uuid, name, ...(tag === undefined ? {} : { tag }) }));
  }

  async function vmPort(serverId: string, more: Dict = {}): Promise<Dict> {
    await nova.addServers({ [serverId]: HOST });
    return created(
      await api.post('/ports', { port: { network_id: network['id'], device_owner: 'compute:nova', device_id: serverId, 'binding:host_id': HOST, ...more } }),
      'port',
    );
  }

  beforeAll(async () => {
    for (const name of ['lib', 'rpc', 'net-server', 'ml2']) buildIfStale(resolve(packagesDir, name));
    buildIfStale(packageDir);
    identity = await startFakeIdentity({
      neutron: { password: 'neutron-secret', project: 'service', roles: ['admin', 'service'] },
      nova: { password: 'nova-secret', project: 'service', roles: ['admin'] },
    });
    nova = await startValidatingNova({ keystoneUrl: identity.url, user: 'nova', password: 'nova-secret', project: 'service' });
    identity.setCatalog(
      computeCatalog([
        // Only the internal endpoint in RegionOne is Nova: [nova] endpoint_type and region_name pick it.
        { interface: 'public', region: 'RegionOne', url: 'http://127.0.0.1:9/v2.1' },
        { interface: 'internal', region: 'RegionTwo', url: 'http://127.0.0.1:9/v2.1' },
        { interface: 'internal', region: 'RegionOne', url: nova.endpoint },
      ]),
    );
    server = await startServer(serverOptions(identity, log.logger));
    api = server.client;
    agent = new OvsAgent(await testTransport(server.transportUrl));
    await agent.report();
    network = created(await api.post('/networks', { network: { name: 'private' } }), 'network');
    // Ports get addresses at random from the pool; the test that moves a port to a chosen address takes one outside it.
    subnet = created(
      await api.post('/subnets', {
        subnet: { network_id: network['id'], ip_version: 4, cidr: '10.0.0.0/24', allocation_pools: [{ start: '10.0.0.2', end: '10.0.0.199' }] },
      }),
      'subnet',
    );
    externalNetwork = created(
      await api.post('/networks', {
        network: { name: 'public', 'router:external': true, 'provider:network_type': 'flat', 'provider:physical_network': 'public' },
      }),
      'network',
    );
    const externalSubnet = created(
      await api.post('/subnets', { subnet: { network_id: externalNetwork['id'], ip_version: 4, cidr: '203.0.113.0/24' } }),
      'subnet',
    );
    const router = created(await api.post('/routers', { router: { name: 'r', external_gateway_info: { network_id: externalNetwork['id'] } } }), 'router');
    expect((await api.put(`/routers/${String(router['id'])}/add_router_interface`, { subnet_id: subnet['id'] })).status).toBe(200);
    expect(externalSubnet['id']).toBeDefined();
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    await nova?.close();
    await identity?.close();
  });

  it('a VM port going ACTIVE sends network-vif-plugged (completed) once; DOWN after ACTIVE sends network-vif-unplugged', async () => {
    const serverId = randomUUID();
    const port = await vmPort(serverId);
    const portId = String(port['id']);
    expect(port['status']).toBe('DOWN');
    await agent.plug(portId);
    expect(ok(await api.get(`/ports/${portId}`), 'port')['status']).toBe('ACTIVE');
    await expect.poll(() => eventsFor(serverId), DELIVERY).toEqual([{ server_uuid: serverId, name: 'network-vif-plugged', tag: portId }]);
    const plugged = (await nova.requests()).find((request) => request.response?.events?.some((event) => event.server_uuid === serverId));
    expect(plugged).toMatchObject({ status: 200, version: '2.1', token_user: 'neutron' });
    expect(plugged!.invalid).toBeUndefined();
    expect((JSON.parse(plugged!.body) as { events: Dict[] }).events).toEqual([
      { server_uuid: serverId, name: 'network-vif-plugged', status: 'completed', tag: portId },
    ]);

    // The agent reporting the device up again changes no status: nothing more.
    await agent.up(portId);
    const marker = randomUUID();
    ok(await api.put(`/ports/${String((await vmPort(marker))['id'])}`, { port: { name: 'marker' } }), 'port');
    await expect.poll(async () => (await eventsFor(marker)).length, DELIVERY).toBe(1);
    expect(await eventsFor(serverId)).toHaveLength(1);

    await agent.unplug(portId);
    expect(ok(await api.get(`/ports/${portId}`), 'port')['status']).toBe('DOWN');
    await expect.poll(async () => (await eventsFor(serverId)).map((event) => event.name), DELIVERY).toEqual(['network-vif-plugged', 'network-vif-unplugged']);
    const unplugged = (JSON.parse((await nova.requests()).at(-1)!.body) as { events: Dict[] }).events;
    expect(unplugged).toContainEqual({ server_uuid: serverId, name: 'network-vif-unplugged', status: 'completed', tag: portId });
  });

  it("a port wired on a host it is not bound to (a live migration's destination) still sends network-vif-plugged", async () => {
    const serverId = randomUUID();
    const port = await vmPort(serverId);
    await agent.plug(String(port['id']), 'compute2');
    await expect.poll(() => eventsFor(serverId), DELIVERY).toEqual([{ server_uuid: serverId, name: 'network-vif-plugged', tag: port['id'] }]);
    expect(ok(await api.get(`/ports/${String(port['id'])}`), 'port')['status']).toBe('DOWN');
  });

  it('a fixed IP change and any other API update of the port send network-changed; its deletion network-vif-deleted', async () => {
    const serverId = randomUUID();
    const port = await vmPort(serverId);
    const portId = String(port['id']);
    const moved = addressNotHeld(port, ['10.0.0.222', '10.0.0.223']);
    ok(await api.put(`/ports/${portId}`, { port: { fixed_ips: [{ subnet_id: subnet['id'], ip_address: moved }] } }), 'port');
    await expect.poll(() => eventsFor(serverId), DELIVERY).toEqual([{ server_uuid: serverId, name: 'network-changed', tag: portId }]);
    ok(await api.put(`/ports/${portId}`, { port: { name: 'eth1' } }), 'port');
    expect((await api.delete(`/ports/${portId}`)).status).toBe(204);
    await expect
      .poll(async () => (await eventsFor(serverId)).map((event) => event.name), DELIVERY)
      .toEqual(['network-changed', 'network-changed', 'network-vif-deleted']);
  });

  it('floating IPs: associating, moving, disassociating and deleting send network-changed for the servers concerned', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const portA = String((await vmPort(a))['id']);
    const portB = String((await vmPort(b))['id']);
    const fip = created(await api.post('/floatingips', { floatingip: { floating_network_id: externalNetwork['id'], port_id: portA } }), 'floatingip');
    await expect.poll(() => eventsFor(a, b), DELIVERY).toEqual([{ server_uuid: a, name: 'network-changed', tag: portA }]);
    // Moved from a's port to b's without a disassociation: a's server hears of it, then b's (neutron's reassociation rule).
    ok(await api.put(`/floatingips/${String(fip['id'])}`, { floatingip: { port_id: portB } }), 'floatingip');
    await expect.poll(async () => (await eventsFor(a, b)).length, DELIVERY).toBe(3);
    ok(await api.put(`/floatingips/${String(fip['id'])}`, { floatingip: { port_id: null } }), 'floatingip');
    const second = created(await api.post('/floatingips', { floatingip: { floating_network_id: externalNetwork['id'] } }), 'floatingip');
    ok(await api.put(`/floatingips/${String(second['id'])}`, { floatingip: { port_id: portA } }), 'floatingip');
    expect((await api.delete(`/floatingips/${String(second['id'])}`)).status).toBe(204);
    // A floating IP that maps to no port concerns no server.
    expect((await api.delete(`/floatingips/${String(fip['id'])}`)).status).toBe(204);
    await expect.poll(async () => (await eventsFor(a, b)).length, DELIVERY).toBe(6);
    expect(await eventsFor(a, b)).toEqual([
      { server_uuid: a, name: 'network-changed', tag: portA },
      { server_uuid: a, name: 'network-changed', tag: portA },
      { server_uuid: b, name: 'network-changed', tag: portB },
      { server_uuid: b, name: 'network-changed', tag: portB },
      { server_uuid: a, name: 'network-changed', tag: portA },
      { server_uuid: a, name: 'network-changed', tag: portA },
    ]);
  });

  it('ports of no server tell Nova nothing: no compute: owner, or no server uuid as device_id', async () => {
    const before = (await nova.requests()).length;
    const ports = [
      created(
        await api.post('/ports', { port: { network_id: network['id'], device_owner: 'network:dhcp', device_id: randomUUID(), 'binding:host_id': HOST } }),
        'port',
      ),
      created(await api.post('/ports', { port: { network_id: network['id'], device_owner: '', device_id: randomUUID(), 'binding:host_id': HOST } }), 'port'),
      created(await api.post('/ports', { port: { network_id: network['id'], device_owner: 'compute:nova', 'binding:host_id': HOST } }), 'port'),
    ];
    for (const port of ports) {
      const id = String(port['id']);
      await agent.plug(id);
      await agent.unplug(id);
      ok(await api.put(`/ports/${id}`, { port: { fixed_ips: [{ subnet_id: subnet['id'] }] } }), 'port');
      expect((await api.delete(`/ports/${id}`)).status).toBe(204);
    }
    // A server's port changed after them: once its event is in, theirs would have been too.
    const serverId = randomUUID();
    const marker = await vmPort(serverId);
    ok(await api.put(`/ports/${String(marker['id'])}`, { port: { name: 'marker' } }), 'port');
    await expect.poll(() => eventsFor(serverId), DELIVERY).toHaveLength(1);
    const tags = (await nova.requests())
      .slice(before)
      .flatMap((request) => (JSON.parse(request.body) as { events: Dict[] }).events.map((event) => event['tag']));
    expect(tags).toEqual([marker['id']]);
  });

  it('events within send_events_interval go to Nova in one request', async () => {
    const servers = Array.from({ length: 5 }, () => randomUUID());
    const ports = [];
    for (const serverId of servers) ports.push(String((await vmPort(serverId))['id']));
    // Let the notifier go idle, so the first update is sent at once and the rest wait for the interval.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const before = (await nova.requests()).length;
    await Promise.all(ports.map(async (id) => ok(await api.put(`/ports/${id}`, { port: { name: 'batched' } }), 'port')));
    await expect.poll(async () => (await eventsFor(...servers)).length, DELIVERY).toBe(5);
    const requests = (await nova.requests()).slice(before);
    // The first update's event goes at once (with any that committed in the same turn), the rest together a send_events_interval later.
    const sizes = requests.map((request) => (JSON.parse(request.body) as { events: unknown[] }).events.length);
    expect(sizes).toHaveLength(2);
    expect(sizes[0]! + sizes[1]!).toBe(5);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(0.95);
  });

  it('a Nova that is down, failing or slow is logged and the API answers as usual', async () => {
    const serverId = randomUUID();
    const port = await vmPort(serverId);
    const portId = String(port['id']);
    const failures = () => log.records.filter((record) => record['msg'] === 'Failed to notify nova on events');
    const before = failures().length;
    await nova.setMode({ drop: true });
    let started = Date.now();
    ok(await api.put(`/ports/${portId}`, { port: { name: 'while-down' } }), 'port');
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect.poll(() => failures().length, DELIVERY).toBe(before + 1);
    expect(failures().at(-1)).toMatchObject({
      level: 'error',
      code: 'NOVA_NOTIFIER_CONNECTION_FAILED',
      events: [{ server_uuid: serverId, name: 'network-changed', tag: portId }],
    });

    await nova.setMode({ failStatus: 500 });
    ok(await api.put(`/ports/${portId}`, { port: { name: 'while-failing' } }), 'port');
    await expect.poll(() => failures().length, DELIVERY).toBe(before + 2);
    expect(failures().at(-1)!['code']).toBe('NOVA_REQUEST_FAILED');

    await nova.setMode({ delay: 3 });
    started = Date.now();
    ok(await api.put(`/ports/${portId}`, { port: { name: 'while-slow' } }), 'port');
    await agent.plug(portId);
    ok(await api.put(`/ports/${portId}`, { port: { name: 'still-slow' } }), 'port');
    expect(Date.now() - started).toBeLessThan(2_000);
    await nova.setMode({});
    // Nothing queued while Nova was slow is lost.
    await expect
      .poll(async () => (await eventsFor(serverId)).map((event) => event.name), { timeout: 15_000, interval: 100 })
      .toEqual(['network-changed', 'network-vif-plugged', 'network-changed']);
  });
});

describe('notify_nova_on_port_status_changes = false and notify_nova_on_port_data_changes = false', () => {
  it('Nova hears nothing', async () => {
    for (const name of ['lib', 'rpc', 'net-server', 'ml2']) buildIfStale(resolve(packagesDir, name));
    buildIfStale(packageDir);
    const identity = await startFakeIdentity({
      neutron: { password: 'neutron-secret', project: 'service', roles: ['admin'] },
      nova: { password: 'nova-secret', project: 'service', roles: ['admin'] },
    });
    const nova = await startValidatingNova({ keystoneUrl: identity.url, user: 'nova', password: 'nova-secret', project: 'service' });
    identity.setCatalog(computeCatalog([{ interface: 'internal', region: 'RegionOne', url: nova.endpoint }]));
    const server = await startServer(
      serverOptions(identity, recordingLogger().logger, { notify_nova_on_port_status_changes: false, notify_nova_on_port_data_changes: false }),
    );
    try {
      const agent = new OvsAgent(await testTransport(server.transportUrl));
      await agent.report();
      const net = created(await server.client.post('/networks', { network: { name: 'n' } }), 'network');
      created(await server.client.post('/subnets', { subnet: { network_id: net['id'], ip_version: 4, cidr: '10.1.0.0/24' } }), 'subnet');
      const serverId = randomUUID();
      await nova.addServers({ [serverId]: HOST });
      const port = created(
        await server.client.post('/ports', { port: { network_id: net['id'], device_owner: 'compute:nova', device_id: serverId, 'binding:host_id': HOST } }),
        'port',
      );
      const id = String(port['id']);
      await agent.plug(id);
      expect(ok(await server.client.get(`/ports/${id}`), 'port')['status']).toBe('ACTIVE');
      await agent.unplug(id);
      ok(await server.client.put(`/ports/${id}`, { port: { name: 'x' } }), 'port');
      expect((await server.client.delete(`/ports/${id}`)).status).toBe(204);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await nova.requests()).toEqual([]);
      expect(identity.authRequests.filter((auth) => JSON.stringify(auth).includes('"name":"neutron"'))).toEqual([]);
    } finally {
      await server.stop();
      await nova.close();
      await identity.close();
    }
  }, 120_000);
});
