import { ApiError } from '../src/server.js';

/** A project's member and the admin, as noauth takes them (X-Project-Id and X-Roles headers, as oslo.context reads them on both servers). */
export const MEMBER_PROJECT = '6b7c2f30d6f54a4c9f1a0b1c2d3e4f50';
export const ADMIN_PROJECT = 'a0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5';

export type Caller = 'admin' | 'member';

/** A Neutron v2.0 client of a noauth server (neutron-server or net-server) that says who calls in headers. */
export class NoauthClient {
  constructor(readonly url: string) {}

  async fetch(caller: Caller, method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-project-id': caller === 'admin' ? ADMIN_PROJECT : MEMBER_PROJECT,
      'x-user-id': caller === 'admin' ? 'admin-user' : 'member-user',
      'x-roles': caller === 'admin' ? 'admin,member,reader' : 'member,reader',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${this.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(60_000) });
  }

  async request<T = Record<string, unknown>>(caller: Caller, method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetch(caller, method, path, body);
    const text = await response.text();
    if (!response.ok) throw new ApiError(response.status, text, `${method} ${path}`);
    return (text ? JSON.parse(text) : {}) as T;
  }
}

type Made = { id: string };

/** neutron's noauth wants the project in the body of every resource that has one ("Running without keystone AuthN requires that tenant_id is specified"). */
const OWNED = new Set([
  'network',
  'subnet',
  'subnetpool',
  'port',
  'security_group',
  'security_group_rule',
  'policy',
  'router',
  'floatingip',
  'bandwidth_limit_rule',
  'dscp_marking_rule',
]);

async function create(api: NoauthClient, caller: Caller, collection: string, resource: string, body: Record<string, unknown>): Promise<Made> {
  const owned = OWNED.has(resource) && body['project_id'] === undefined ? { project_id: caller === 'admin' ? ADMIN_PROJECT : MEMBER_PROJECT } : {};
  const answer = await api.request<Record<string, Made>>(caller, 'POST', `/v2.0/${collection}`, { [resource]: { ...owned, ...body } });
  return answer[resource]!;
}

async function tag(api: NoauthClient, caller: Caller, collection: string, id: string, tags: string[]): Promise<void> {
  await api.request(caller, 'PUT', `/v2.0/${collection}/${id}/tags`, { tags });
}

/** External and provider networks (the admin's) and a member's address space: a subnet pool, networks, v4 and v6 subnets with pools. */
async function buildNetworks(api: NoauthClient): Promise<{ publicNet: Made; privateNet: Made; v4: Made; v6: Made; vlan: Made }> {
  const publicNet = await create(api, 'admin', 'networks', 'network', {
    name: 'public',
    description: 'the external network',
    'router:external': true,
    'provider:network_type': 'flat',
    'provider:physical_network': 'public',
  });
  await create(api, 'admin', 'subnets', 'subnet', {
    network_id: publicNet.id,
    name: 'public-subnet',
    ip_version: 4,
    cidr: '172.24.4.0/24',
    gateway_ip: '172.24.4.1',
    allocation_pools: [{ start: '172.24.4.10', end: '172.24.4.250' }],
    enable_dhcp: false,
  });
  const vlan = await create(api, 'admin', 'networks', 'network', {
    name: 'provider-vlan',
    shared: true,
    'provider:network_type': 'vlan',
    'provider:physical_network': 'physnet1',
    'provider:segmentation_id': 120,
  });
  await create(api, 'admin', 'subnets', 'subnet', { network_id: vlan.id, name: 'vlan-subnet', ip_version: 4, cidr: '192.168.120.0/24' });
  const pool = await create(api, 'member', 'subnetpools', 'subnetpool', {
    name: 'pool',
    description: 'member pool',
    prefixes: ['10.100.0.0/16'],
    default_prefixlen: 24,
  });
  await tag(api, 'member', 'subnetpools', pool.id, ['pool']);
  const privateNet = await create(api, 'member', 'networks', 'network', { name: 'private', description: 'app network' });
  await tag(api, 'member', 'networks', privateNet.id, ['app', 'blue']);
  const v4 = await create(api, 'member', 'subnets', 'subnet', {
    network_id: privateNet.id,
    name: 'private-v4',
    description: 'v4 subnet',
    ip_version: 4,
    cidr: '10.0.0.0/24',
    allocation_pools: [
      { start: '10.0.0.10', end: '10.0.0.100' },
      { start: '10.0.0.150', end: '10.0.0.200' },
    ],
    dns_nameservers: ['8.8.8.8', '1.1.1.1'],
    host_routes: [{ destination: '10.50.0.0/16', nexthop: '10.0.0.254' }],
  });
  await tag(api, 'member', 'subnets', v4.id, ['v4']);
  const v6 = await create(api, 'member', 'subnets', 'subnet', {
    network_id: privateNet.id,
    name: 'private-v6',
    ip_version: 6,
    cidr: '2001:db8:1::/64',
    ipv6_ra_mode: 'slaac',
    ipv6_address_mode: 'slaac',
    allocation_pools: [{ start: '2001:db8:1::10', end: '2001:db8:1::ffff' }],
  });
  const pooled = await create(api, 'member', 'networks', 'network', { name: 'pooled' });
  await create(api, 'member', 'subnets', 'subnet', { network_id: pooled.id, name: 'from-pool', ip_version: 4, subnetpool_id: pool.id, prefixlen: 26 });
  return { publicNet, privateNet, v4, v6, vlan };
}

/**
 * Builds, through a server's API, the cloud the import test compares: every
 * kind of resource the import maps, with descriptions and tags (see
 * import-neutron.test.ts).
 */
export async function buildCloud(api: NoauthClient): Promise<void> {
  const { publicNet, privateNet, v4, vlan } = await buildNetworks(api);
  const group = await create(api, 'member', 'security-groups', 'security_group', { name: 'web', description: 'web servers' });
  await tag(api, 'member', 'security-groups', group.id, ['web']);
  await create(api, 'member', 'security-group-rules', 'security_group_rule', {
    security_group_id: group.id,
    direction: 'ingress',
    protocol: 'tcp',
    port_range_min: 22,
    port_range_max: 22,
    remote_ip_prefix: '0.0.0.0/0',
    description: 'ssh',
  });
  await create(api, 'member', 'security-group-rules', 'security_group_rule', {
    security_group_id: group.id,
    direction: 'ingress',
    protocol: 'tcp',
    port_range_min: 80,
    port_range_max: 443,
    remote_group_id: group.id,
  });
  await create(api, 'member', 'security-group-rules', 'security_group_rule', {
    security_group_id: group.id,
    direction: 'egress',
    ethertype: 'IPv6',
    protocol: 'udp',
    port_range_min: 53,
    port_range_max: 53,
    remote_ip_prefix: '::/0',
  });
  const policy = await create(api, 'member', 'qos/policies', 'policy', { name: 'gold', description: 'gold service' });
  await create(api, 'member', `qos/policies/${policy.id}/bandwidth_limit_rules`, 'bandwidth_limit_rule', { max_kbps: 10_000, max_burst_kbps: 1_000 });
  await create(api, 'member', `qos/policies/${policy.id}/dscp_marking_rules`, 'dscp_marking_rule', { dscp_mark: 26 });
  const web = await create(api, 'member', 'ports', 'port', {
    network_id: privateNet.id,
    name: 'web-1',
    description: 'web server port',
    fixed_ips: [{ subnet_id: v4.id, ip_address: '10.0.0.20' }],
    security_groups: [group.id],
    qos_policy_id: policy.id,
    allowed_address_pairs: [{ ip_address: '10.0.0.99' }],
    device_owner: 'compute:nova',
    device_id: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  });
  await tag(api, 'member', 'ports', web.id, ['web']);
  await create(api, 'member', 'ports', 'port', { network_id: vlan.id, name: 'on-vlan', port_security_enabled: false, security_groups: [] });
  await create(api, 'admin', 'ports', 'port', { network_id: privateNet.id, name: 'bound', 'binding:host_id': 'compute-1', project_id: MEMBER_PROJECT });
  const router = await create(api, 'member', 'routers', 'router', { name: 'r1', description: 'edge', external_gateway_info: { network_id: publicNet.id } });
  await tag(api, 'member', 'routers', router.id, ['edge']);
  await api.request('member', 'PUT', `/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: v4.id });
  await api.request('member', 'PUT', `/v2.0/routers/${router.id}`, { router: { routes: [{ destination: '10.60.0.0/24', nexthop: '10.0.0.30' }] } });
  const floating = await create(api, 'member', 'floatingips', 'floatingip', { floating_network_id: publicNet.id, port_id: web.id, description: 'web address' });
  await tag(api, 'member', 'floatingips', floating.id, ['web']);
}
