import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startApi, type Json, type RunningApi } from './api-harness.js';
import { DB_BASE_PLUGIN, dialects, migratedDatabase, type TestDatabase } from './db-harness.js';

/*
 * The core resources over real HTTP, served by the DB base plugin on a real
 * SQLite file and a real PostgreSQL database: defaults, validation, filters,
 * sorting, native pagination, bulk, policy between two projects and error
 * bodies, table-driven.
 */

const ALICE = 'project-alice';
const BOB = 'project-bob';
const MISSING = '6f9619ff-8b86-d011-b42d-00c04fc964ff';

describe.each(dialects)('core resources on %s', (dialect) => {
  let db: TestDatabase;
  let running: RunningApi;
  let url: string;

  beforeAll(async () => {
    db = await migratedDatabase(dialect);
    running = await startApi({ corePlugin: DB_BASE_PLUGIN, database: db.database, listen: false });
    url = running.url;
  });

  afterAll(async () => {
    await running.stop();
    await db.drop();
  });

  const call = (method: string, path: string, project: string | undefined, body?: unknown, roles?: string) =>
    request(running, method, path, { ...(project ? { project } : {}), ...(body === undefined ? {} : { body }), ...(roles ? { roles } : {}) });

  async function create(collection: string, member: string, project: string | undefined, body: Record<string, unknown>): Promise<Json> {
    const reply = await call('POST', `/v2.0/${collection}`, project, { [member]: body });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body[member];
  }

  function error(reply: Json): Json {
    expect(Object.keys(reply.body)).toEqual(['NeutronError']);
    expect(Object.keys(reply.body.NeutronError).sort()).toEqual(['detail', 'message', 'type']);
    return reply.body.NeutronError;
  }

  describe('defaults', () => {
    it('fills network, subnet, port and subnet pool defaults as neutron', async () => {
      const network = await create('networks', 'network', ALICE, {});
      expect(network).toMatchObject({
        name: '',
        admin_state_up: true,
        shared: false,
        status: 'ACTIVE',
        subnets: [],
        project_id: ALICE,
        tenant_id: ALICE,
        description: '',
        revision_number: 0,
      });
      const subnet = await create('subnets', 'subnet', ALICE, { network_id: network.id, cidr: '10.20.0.0/24', ip_version: 4 });
      expect(subnet).toMatchObject({
        gateway_ip: '10.20.0.1',
        allocation_pools: [{ start: '10.20.0.2', end: '10.20.0.254' }],
        enable_dhcp: true,
        dns_nameservers: [],
        host_routes: [],
        ipv6_ra_mode: null,
        subnetpool_id: null,
      });
      const port = await create('ports', 'port', ALICE, { network_id: network.id });
      expect(port).toMatchObject({ admin_state_up: true, device_id: '', device_owner: '', name: '', network_id: network.id });
      expect(port.mac_address).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
      expect(port.fixed_ips).toEqual([{ subnet_id: subnet.id, ip_address: expect.stringMatching(/^10\.20\.0\.\d+$/) }]);
      const pool = await create('subnetpools', 'subnetpool', ALICE, { name: 'pool', prefixes: ['10.100.0.0/16'], min_prefixlen: 24 });
      expect(pool).toMatchObject({ ip_version: 4, default_prefixlen: '24', max_prefixlen: '32', shared: false, is_default: false });
    });
  });

  describe('validation failures', () => {
    let networkId: string;
    beforeAll(async () => {
      networkId = (await create('networks', 'network', ALICE, { name: 'validation' })).id;
    });

    it.each([
      ['networks', { network: { name: 7 } }, "Invalid input for name. Reason: '7' is not a valid string."],
      ['networks', { network: { mtu: 1500 } }, "Unrecognized attribute(s) 'mtu'"],
      ['networks', { network: { id: MISSING } }, "Attribute 'id' not allowed in POST"],
      ['subnets', { subnet: { network_id: 'NET', cidr: '10.0.0.0/24', ip_version: 4 } }, "'NET' is not a valid UUID"],
      ['subnets', { subnet: { cidr: '10.0.0.0/24', ip_version: 4 } }, "Required attribute 'network_id' not specified"],
      ['subnets', { subnet: { network_id: MISSING, cidr: '10.0.0.0/33', ip_version: 4 } }, 'Invalid input for operation: 10.0.0.0/33 is not in a CIDR format.'],
      ['subnets', { subnet: { network_id: MISSING, cidr: '10.0.0.0/24', ip_version: 5 } }, 'Invalid input for ip_version. Reason: 5 is not in valid_values.'],
      ['subnets', { subnet: { network_id: MISSING, cidr: '10.0.0.0/24', ip_version: 4, gateway_ip: '10.0.0.300' } }, "'10.0.0.300' is not a valid IP address"],
      ['ports', { port: { network_id: MISSING, mac_address: '00:00:00:00:00:00' } }, "'00:00:00:00:00:00' is not a valid MAC address"],
      ['ports', { port: { network_id: MISSING, fixed_ips: [{ ip_address: 'nope' }] } }, "'nope' is not a valid IP address"],
      ['ports', { port: { network_id: MISSING, admin_state_up: 'sometimes' } }, "'sometimes' cannot be converted to boolean"],
      ['subnetpools', { subnetpool: { name: 'p' } }, "Required attribute 'prefixes' not specified"],
    ])('POST /v2.0/%s %j', async (collection, body, message) => {
      const reply = await call('POST', `/v2.0/${collection}`, ALICE, body);
      expect(reply.status).toBe(400);
      expect(error(reply).message).toContain(message);
    });

    it.each([
      ['a subnet on a missing network', 'subnets', () => ({ subnet: { network_id: MISSING, cidr: '10.0.0.0/24', ip_version: 4 } }), 404, 'NetworkNotFound'],
      ['a port on a missing network', 'ports', () => ({ port: { network_id: MISSING } }), 404, 'NetworkNotFound'],
      [
        'a gateway outside the pools’ subnet',
        'subnets',
        () => ({ subnet: { network_id: networkId, cidr: '10.30.0.0/24', ip_version: 4, allocation_pools: [{ start: '10.31.0.2', end: '10.31.0.9' }] } }),
        400,
        'OutOfBoundsAllocationPool',
      ],
      ['a prefix length below the pool minimum', 'subnetpools', () => ({ subnetpool: { prefixes: ['10.0.0.0/8'], min_prefixlen: 40 } }), 400, undefined],
    ])('refuses %s', async (_name, collection, body, status, type) => {
      const reply = await call('POST', `/v2.0/${collection}`, ALICE, body());
      expect(reply.status).toBe(status);
      if (type) expect(error(reply).type).toBe(type);
      else error(reply);
    });

    it.each([
      ['networks', { network: { status: 'DOWN' } }, 'Cannot update read-only attribute status'],
      ['networks', { network: { name: ['x'] } }, 'Invalid input for name'],
    ])('PUT /v2.0/%s/{id} %j', async (collection, body, message) => {
      const reply = await call('PUT', `/v2.0/${collection}/${networkId}`, ALICE, body);
      expect(reply.status).toBe(400);
      expect(error(reply).message).toContain(message);
    });
  });

  describe('lists', () => {
    const project = 'project-lists';
    const names = ['delta', 'alpha', 'echo', 'charlie', 'bravo'];
    const ids: Record<string, string> = {};
    let portIp: string;

    beforeAll(async () => {
      for (const [index, name] of names.entries()) {
        ids[name] = (await create('networks', 'network', project, { name, admin_state_up: index % 2 === 0 })).id;
      }
      const subnet = await create('subnets', 'subnet', project, { network_id: ids['alpha'], cidr: '192.168.5.0/24', ip_version: 4 });
      const port = await create('ports', 'port', project, {
        network_id: ids['alpha'],
        name: 'p-alpha',
        fixed_ips: [{ subnet_id: subnet.id, ip_address: '192.168.5.77' }],
      });
      portIp = port.fixed_ips[0].ip_address;
      await create('ports', 'port', project, { network_id: ids['alpha'], name: 'p-other' });
    });

    const names$ = async (query: string, collection = 'networks'): Promise<string[]> => {
      const reply = await call('GET', `/v2.0/${collection}?${query}`, project);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      return reply.body[collection].map((item: Json) => item.name);
    };

    it.each([
      ['name=alpha', ['alpha']],
      ['name=alpha&name=echo', ['alpha', 'echo']],
      ['admin_state_up=false', ['alpha', 'charlie']],
      ['admin_state_up=True&name=delta&name=alpha', ['delta']],
      ['name=zulu', []],
    ])('filters networks by %s', async (query, expected) => {
      expect((await names$(query)).sort()).toEqual([...expected].sort());
    });

    it('filters ports by fixed_ips and network_id', async () => {
      expect(await names$(`fixed_ips=ip_address%3D${portIp}`, 'ports')).toEqual(['p-alpha']);
      // ip-substring-filtering, advertised: part of an address.
      const part = portIp.split('.').slice(1).join('.');
      const all = (await call('GET', '/v2.0/ports', project)).body.ports as { name: string; fixed_ips: { ip_address: string }[] }[];
      const holding = all.filter((port) => port.fixed_ips.some((ip) => ip.ip_address.includes(part))).map((port) => port.name);
      expect(holding).toContain('p-alpha');
      expect((await names$(`fixed_ips=ip_address_substr%3D${part}`, 'ports')).sort()).toEqual(holding.sort());
      expect(await names$('fixed_ips=ip_address_substr%3D250.250', 'ports')).toEqual([]);
      const aliases = ((await call('GET', '/v2.0/extensions', ALICE)).body.extensions as { alias: string }[]).map((extension) => extension.alias);
      expect(aliases).toContain('ip-substring-filtering');
      expect((await names$(`network_id=${ids['alpha']}`, 'ports')).sort()).toEqual(['p-alpha', 'p-other']);
      expect(await names$(`network_id=${ids['echo']}`, 'ports')).toEqual([]);
    });

    it.each([
      ['sort_key=name&sort_dir=asc', ['alpha', 'bravo', 'charlie', 'delta', 'echo']],
      ['sort_key=name&sort_dir=desc', ['echo', 'delta', 'charlie', 'bravo', 'alpha']],
      ['sort_key=admin_state_up&sort_dir=asc&sort_key=name&sort_dir=desc', ['charlie', 'alpha', 'echo', 'delta', 'bravo']],
    ])('sorts %s', async (query, expected) => {
      expect(await names$(query)).toEqual(expected);
    });

    it('selects fields', async () => {
      const reply = await call('GET', '/v2.0/networks?name=alpha&fields=name&fields=admin_state_up', project);
      expect(reply.body.networks).toEqual([{ name: 'alpha', admin_state_up: false }]);
    });

    it('pages forwards and back through links', async () => {
      const first = (await call('GET', '/v2.0/networks?sort_key=name&sort_dir=asc&limit=2', project)).body;
      expect(first.networks.map((n: Json) => n.name)).toEqual(['alpha', 'bravo']);
      const next = first.networks_links.find((link: Json) => link.rel === 'next').href as string;
      const second = (await call('GET', next.slice(url.length), project)).body;
      expect(second.networks.map((n: Json) => n.name)).toEqual(['charlie', 'delta']);
      const third = (await call('GET', second.networks_links.find((l: Json) => l.rel === 'next').href.slice(url.length), project)).body;
      expect(third.networks.map((n: Json) => n.name)).toEqual(['echo']);
      expect(third.networks_links.map((l: Json) => l.rel)).toEqual(['previous']);
      const back = (await call('GET', third.networks_links[0].href.slice(url.length), project)).body;
      expect(back.networks.map((n: Json) => n.name)).toEqual(['charlie', 'delta']);
    });

    it.each([
      ['limit=x', 400, 'BadRequest'],
      ['sort_key=name', 400, 'HTTPBadRequest'],
      ['sort_key=subnets&sort_dir=asc', 400, 'HTTPBadRequest'],
      ['mtu=1500', 400, 'HTTPBadRequest'],
      [`limit=2&marker=${MISSING}`, 404, undefined],
    ])('refuses a bad list query %s', async (query, status, type) => {
      const reply = await call('GET', `/v2.0/networks?${query}`, project);
      expect(reply.status).toBe(status);
      if (type) expect(error(reply).type).toBe(type);
    });
  });

  describe('bulk create', () => {
    const project = 'project-bulk';

    it('creates all items in one call', async () => {
      const reply = await call('POST', '/v2.0/networks', project, { networks: [{ name: 'b1' }, { network: { name: 'b2' } }] });
      expect(reply.status).toBe(201);
      expect(reply.body.networks.map((n: Json) => n.name)).toEqual(['b1', 'b2']);
    });

    it('creates nothing when one item is refused by the plugin', async () => {
      const network = await create('networks', 'network', project, { name: 'bulk-ports' });
      const subnet = await create('subnets', 'subnet', project, { network_id: network.id, cidr: '10.60.0.0/24', ip_version: 4 });
      const fixed = [{ subnet_id: subnet.id, ip_address: '10.60.0.10' }];
      const reply = await call('POST', '/v2.0/ports', project, {
        ports: [
          { network_id: network.id, name: 'bp1', fixed_ips: fixed },
          { network_id: network.id, name: 'bp2', fixed_ips: fixed },
        ],
      });
      expect(reply.status).toBe(409);
      expect(error(reply).type).toBe('IpAddressAlreadyAllocated');
      expect((await call('GET', `/v2.0/ports?network_id=${network.id}`, project)).body.ports).toEqual([]);
    });

    it('creates nothing when one item is invalid', async () => {
      const reply = await call('POST', '/v2.0/networks', project, { networks: [{ name: 'never' }, { name: 'x', shared: 'perhaps' }] });
      expect(reply.status).toBe(400);
      expect((await call('GET', '/v2.0/networks?name=never', project)).body.networks).toEqual([]);
    });
  });

  describe('policy between two projects', () => {
    let alices: Json;
    let shared: Json;
    let alicesPort: Json;

    beforeAll(async () => {
      alices = await create('networks', 'network', ALICE, { name: 'alices' });
      await create('subnets', 'subnet', ALICE, { network_id: alices.id, cidr: '10.70.0.0/24', ip_version: 4 });
      alicesPort = await create('ports', 'port', ALICE, { network_id: alices.id });
      shared = (await call('POST', '/v2.0/networks', ALICE, { network: { name: 'shared', shared: true } }, 'admin')).body.network;
      await create('subnets', 'subnet', ALICE, { network_id: shared.id, cidr: '10.71.0.0/24', ip_version: 4 });
    });

    it.each([
      ['list networks', 'GET', '/v2.0/networks', undefined, 200],
      ['show the network', 'GET', () => `/v2.0/networks/${alices.id}`, undefined, 404],
      ['update the network', 'PUT', () => `/v2.0/networks/${alices.id}`, { network: { name: 'mine' } }, 404],
      ['delete the network', 'DELETE', () => `/v2.0/networks/${alices.id}`, undefined, 404],
      ['show the port', 'GET', () => `/v2.0/ports/${alicesPort.id}`, undefined, 404],
      ['delete the port', 'DELETE', () => `/v2.0/ports/${alicesPort.id}`, undefined, 404],
      ['put a port on the network', 'POST', '/v2.0/ports', () => ({ port: { network_id: alices.id } }), 404],
      ['put a subnet on the network', 'POST', '/v2.0/subnets', () => ({ subnet: { network_id: alices.id, cidr: '10.72.0.0/24', ip_version: 4 } }), 404],
      ['put a subnet on the shared network', 'POST', '/v2.0/subnets', () => ({ subnet: { network_id: shared.id, cidr: '10.73.0.0/24', ip_version: 4 } }), 403],
      ['create a shared network', 'POST', '/v2.0/networks', { network: { name: 'x', shared: true } }, 403],
      ['update the shared network', 'PUT', () => `/v2.0/networks/${shared.id}`, { network: { name: 'taken' } }, 403],
    ])('Bob cannot %s of Alice', async (_name, method, path, body, status) => {
      const resolved = typeof path === 'function' ? path() : path;
      const payload = typeof body === 'function' ? body() : body;
      const reply = await call(method, resolved, BOB, payload);
      expect(reply.status).toBe(status);
      if (status === 200) expect(reply.body.networks.map((n: Json) => n.id)).not.toContain(alices.id);
      else expect(error(reply).type).toMatch(status === 403 ? /^(PolicyNotAuthorized|HTTPForbidden)$/ : /NotFound$/);
    });

    it('lets Bob see the shared network and put a port on it, which its network owner Alice sees too', async () => {
      const list = await call('GET', '/v2.0/networks', BOB);
      expect(list.body.networks.map((n: Json) => n.id)).toContain(shared.id);
      const port = await create('ports', 'port', BOB, { network_id: shared.id });
      expect(port.project_id).toBe(BOB);
      expect((await call('GET', `/v2.0/ports/${port.id}`, ALICE)).status).toBe(200);
      expect((await call('GET', `/v2.0/ports/${port.id}`, 'project-carol')).status).toBe(404);
      expect((await call('GET', `/v2.0/networks/${alices.id}`, ALICE)).body.network.name).toBe('alices');
      const admin = await call('GET', '/v2.0/ports', 'ops', undefined, 'admin');
      expect(admin.body.ports.map((p: Json) => p.id)).toEqual(expect.arrayContaining([port.id, alicesPort.id]));
    });
  });

  describe('the advsvc role (advanced services, such as a load balancer)', () => {
    it("reads other projects' networks and ports and puts ports on their networks, as neutron's context_is_advsvc, but changes no network", async () => {
      const alices = await create('networks', 'network', ALICE, { name: 'alices-for-advsvc' });
      await create('subnets', 'subnet', ALICE, { network_id: alices.id, cidr: '10.74.0.0/24', ip_version: 4 });
      const alicesPort = await create('ports', 'port', ALICE, { network_id: alices.id });
      const service = 'project-lbaas';
      expect((await call('GET', `/v2.0/networks/${alices.id}`, service, undefined, 'advsvc')).status).toBe(200);
      expect((await call('GET', `/v2.0/ports/${alicesPort.id}`, service, undefined, 'advsvc')).status).toBe(200);
      const ports = await call('GET', `/v2.0/ports?network_id=${alices.id}`, service, undefined, 'advsvc');
      expect(ports.body.ports.map((p: Json) => p.id)).toContain(alicesPort.id);
      const created = await call('POST', '/v2.0/ports', service, { port: { network_id: alices.id, device_owner: 'network:loadbalancer' } }, 'advsvc');
      expect(created.status).toBe(201);
      expect((await call('GET', `/v2.0/ports/${created.body.port.id}`, ALICE)).status).toBe(200);
      expect(error(await call('PUT', `/v2.0/networks/${alices.id}`, service, { network: { name: 'taken' } }, 'advsvc')).type).toBe('PolicyNotAuthorized');
      // Without the role, the same project sees none of it.
      expect((await call('GET', `/v2.0/networks/${alices.id}`, service)).status).toBe(404);
    });
  });

  describe('error bodies', () => {
    it.each([
      [
        'a missing network',
        'GET',
        `/v2.0/networks/${MISSING}`,
        undefined,
        404,
        { type: 'NetworkNotFound', message: `Network ${MISSING} could not be found.`, detail: '' },
      ],
      [
        'a missing subnet',
        'GET',
        `/v2.0/subnets/${MISSING}`,
        undefined,
        404,
        { type: 'SubnetNotFound', message: `Subnet ${MISSING} could not be found.`, detail: '' },
      ],
      [
        'a missing port',
        'DELETE',
        `/v2.0/ports/${MISSING}`,
        undefined,
        404,
        { type: 'PortNotFound', message: `Port ${MISSING} could not be found.`, detail: '' },
      ],
      ['malformed JSON', 'POST', '/v2.0/ports', '{', 400, { type: 'HTTPBadRequest', message: 'Body contains invalid data', detail: '' }],
      [
        'a bulk update',
        'PUT',
        `/v2.0/networks/${MISSING}`,
        { networks: [] },
        400,
        { type: 'HTTPBadRequest', message: 'Bulk operation not supported', detail: '' },
      ],
    ])('%s', async (_name, method, path, body, status, expected) => {
      const reply = await call(method, path, ALICE, body);
      expect(reply.status).toBe(status);
      expect(error(reply)).toEqual(expected);
    });

    it('answers a network in use with 409 NetworkInUse', async () => {
      const network = await create('networks', 'network', ALICE, { name: 'busy' });
      await create('ports', 'port', ALICE, { network_id: network.id, device_owner: 'compute:nova', device_id: 'vm-1' });
      const reply = await call('DELETE', `/v2.0/networks/${network.id}`, ALICE);
      expect(reply.status).toBe(409);
      expect(error(reply)).toMatchObject({ type: 'NetworkInUse', detail: '' });
      expect(error(reply).message).toContain(network.id);
    });
  });
});
