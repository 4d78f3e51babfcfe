import { describe, expect, it } from 'vitest';
import type { StartServerOptions } from '../start-server.js';
import { undefinedPolicyRules } from '../policy-coverage.js';
import { errorType, serverForSuite } from './contract-server.js';

type Dict = Record<string, unknown>;

export interface CorePluginContractOptions extends StartServerOptions {
  /** The plugin: an entry-point alias in `net_server.core_plugins` or a `module:export` spec. */
  corePlugin: string;
}

/**
 * What the server and its clients rely on from any core plugin (neutron's
 * NeutronDbPluginV2TestCase, through the REST API): networks, subnets and
 * ports are created, shown, listed, filtered, updated and deleted with
 * neutron's attributes and errors, and one project does not see another's.
 * Call it at the top level of a test file.
 */
export function corePluginContract(title: string, options: CorePluginContractOptions): void {
  describe(`core plugin contract: ${title}`, () => {
    const server = serverForSuite(() => options);
    const client = () => server.get().client;

    async function createNetwork(name: string): Promise<Dict> {
      const response = await client().post('/networks', { network: { name } });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body['network'] as Dict;
    }

    it('has a policy rule of its own for every operation, action and policy-enforced attribute served', () => {
      expect(undefinedPolicyRules(server.get())).toEqual([]);
    });

    it('creates, shows, lists, filters, updates and deletes networks', async () => {
      const network = await createNetwork('contract-net');
      const project = client().identity.projectId;
      expect(network).toMatchObject({ name: 'contract-net', admin_state_up: true, shared: false, project_id: project, tenant_id: project, subnets: [] });
      expect(network['id']).toEqual(expect.any(String));
      expect(network['status']).toEqual(expect.any(String));
      const id = String(network['id']);

      const shown = await client().get(`/networks/${id}`);
      expect(shown.status).toBe(200);
      expect(shown.body['network']).toMatchObject({ id, name: 'contract-net' });

      await createNetwork('contract-other');
      const filtered = await client().get('/networks?name=contract-net');
      expect(filtered.status).toBe(200);
      expect((filtered.body['networks'] as Dict[]).map((n) => n['id'])).toEqual([id]);

      const updated = await client().put(`/networks/${id}`, { network: { name: 'renamed' } });
      expect(updated.status).toBe(200);
      expect(updated.body['network']).toMatchObject({ id, name: 'renamed' });

      expect((await client().delete(`/networks/${id}`)).status).toBe(204);
      const gone = await client().get(`/networks/${id}`);
      expect(gone.status).toBe(404);
      expect(errorType(gone.body)).toBe('NetworkNotFound');
    });

    addressCases(client, createNetwork);

    it("keeps one project's networks from another", async () => {
      const network = await createNetwork('contract-private');
      const stranger = client().as({ projectId: 'testkit-stranger', roles: ['member'] });
      expect((await stranger.get(`/networks/${String(network['id'])}`)).status).toBe(404);
      const listed = await stranger.get('/networks');
      expect(listed.status).toBe(200);
      expect((listed.body['networks'] as Dict[]).map((n) => n['id'])).not.toContain(network['id']);
    });
  });
}

type Client = ReturnType<ReturnType<typeof serverForSuite>['get']>['client'];

/** Addresses: subnets with a gateway and pools, ports with an address and a MAC, and neutron's errors for bad input. */
function addressCases(client: () => Client, createNetwork: (name: string) => Promise<Dict>): void {
  it('allocates subnets with a gateway and pools, and ports with an address and a MAC', async () => {
    const network = await createNetwork('contract-ipam');
    const subnet = await client().post('/subnets', { subnet: { network_id: network['id'], ip_version: 4, cidr: '10.77.0.0/24' } });
    expect(subnet.status, JSON.stringify(subnet.body)).toBe(201);
    expect(subnet.body['subnet']).toMatchObject({
      network_id: network['id'],
      cidr: '10.77.0.0/24',
      gateway_ip: '10.77.0.1',
      allocation_pools: [{ start: '10.77.0.2', end: '10.77.0.254' }],
      enable_dhcp: true,
    });
    const subnetId = (subnet.body['subnet'] as Dict)['id'];
    expect(((await client().get(`/networks/${String(network['id'])}`)).body['network'] as Dict)['subnets']).toEqual([subnetId]);

    const port = await client().post('/ports', { port: { network_id: network['id'] } });
    expect(port.status, JSON.stringify(port.body)).toBe(201);
    const created = port.body['port'] as Dict;
    expect(created['mac_address']).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    const fixedIps = created['fixed_ips'] as Dict[];
    expect(fixedIps).toHaveLength(1);
    expect(fixedIps[0]!['subnet_id']).toBe(subnetId);
    expect(String(fixedIps[0]!['ip_address'])).toMatch(/^10\.77\.0\.(\d+)$/);

    const inUse = await client().delete(`/networks/${String(network['id'])}`);
    expect(inUse.status).toBe(409);
    expect(errorType(inUse.body)).toBe('NetworkInUse');
    expect((await client().delete(`/ports/${String(created['id'])}`)).status).toBe(204);
    expect((await client().delete(`/networks/${String(network['id'])}`)).status).toBe(204);
    expect((await client().get(`/subnets/${String(subnetId)}`)).status).toBe(404);
  });

  it('refuses bad input with neutron errors', async () => {
    const missing = await client().post('/subnets', { subnet: { network_id: '8a6c2f1e-0000-4000-8000-000000000000', ip_version: 4, cidr: '10.78.0.0/24' } });
    expect(missing.status).toBe(404);
    expect(errorType(missing.body)).toBe('NetworkNotFound');
    const network = await createNetwork('contract-bad-input');
    const bad = await client().post('/subnets', { subnet: { network_id: network['id'], ip_version: 4, cidr: 'not-a-cidr' } });
    expect(bad.status).toBe(400);
    expect(errorType(bad.body)).toEqual(expect.any(String));
  });
}
