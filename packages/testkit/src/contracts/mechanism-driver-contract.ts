import { createLogger } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import type { StartServerOptions } from '../start-server.js';
import { serverForSuite } from './contract-server.js';

type Dict = Record<string, unknown>;

export interface MechanismDriverContractOptions extends Omit<StartServerOptions, 'corePlugin' | 'logger'> {
  /** The driver's name in `net_server.ml2.mechanism_drivers`. */
  driver: string;
  /**
   * When the driver binds ports: the host to bind on and the `binding:vif_type`
   * it must give. Without it the contract only checks that binding does not fail the request.
   */
  binding?: { host: string; vifType: string };
}

/**
 * What ML2 relies on from a mechanism driver, through a real ML2 core plugin
 * (`@net-server/ml2` must be installed for the application): the driver is
 * found by its name, and every create, update and delete of networks,
 * subnets and ports runs through its pre- and post-commit hooks without
 * failing the request; with `binding`, ports on the host are bound with the
 * expected VIF type. Call it at the top level of a test file.
 */
export function mechanismDriverContract(title: string, options: MechanismDriverContractOptions): void {
  describe(`mechanism driver contract: ${title}`, () => {
    const records: Dict[] = [];
    const logger = createLogger({
      level: 'info',
      write: (line) => {
        const record = JSON.parse(line) as Dict;
        records.push(record);
        if (record['level'] === 'error') process.stderr.write(`${line}\n`);
      },
    });
    const ml2 = options.config?.['ml2'] ?? {};
    const server = serverForSuite(() => ({
      ...options,
      corePlugin: 'ml2',
      logger,
      config: {
        ...options.config,
        ml2: { type_drivers: ['local', 'flat', 'vlan', 'vxlan'], tenant_network_types: ['local'], ...ml2, mechanism_drivers: [options.driver] },
      },
    }));
    const client = () => server.get().client;

    it('is loaded by ML2 by its name', () => {
      const loaded = records.find((record) => String(record['msg']).startsWith('Loaded mechanism driver names:'));
      expect(loaded?.['msg']).toBe(`Loaded mechanism driver names: ${options.driver}`);
    });

    it('sees networks, subnets and ports created, updated and deleted without failing them', async () => {
      const network = await client().post('/networks', { network: { name: 'mech-contract' } });
      expect(network.status, JSON.stringify(network.body)).toBe(201);
      const networkId = String((network.body['network'] as Dict)['id']);
      expect((await client().put(`/networks/${networkId}`, { network: { name: 'mech-contract-2' } })).status).toBe(200);

      const subnet = await client().post('/subnets', { subnet: { network_id: networkId, ip_version: 4, cidr: '10.79.0.0/24' } });
      expect(subnet.status, JSON.stringify(subnet.body)).toBe(201);
      const subnetId = String((subnet.body['subnet'] as Dict)['id']);
      expect((await client().put(`/subnets/${subnetId}`, { subnet: { name: 'renamed' } })).status).toBe(200);

      const port = await client().post('/ports', { port: { network_id: networkId } });
      expect(port.status, JSON.stringify(port.body)).toBe(201);
      const portId = String((port.body['port'] as Dict)['id']);
      expect((await client().put(`/ports/${portId}`, { port: { name: 'renamed' } })).status).toBe(200);

      expect((await client().delete(`/ports/${portId}`)).status).toBe(204);
      expect((await client().delete(`/subnets/${subnetId}`)).status).toBe(204);
      expect((await client().delete(`/networks/${networkId}`)).status).toBe(204);
      expect(records.filter((record) => record['level'] === 'error')).toEqual([]);
    });

    it('answers a port binding request without failing the request', async () => {
      const host = options.binding?.host ?? 'testkit-host';
      const network = await client().post('/networks', { network: { name: 'mech-contract-bind' } });
      const networkId = String((network.body['network'] as Dict)['id']);
      const port = await client().post('/ports', { port: { network_id: networkId, 'binding:host_id': host } });
      expect(port.status, JSON.stringify(port.body)).toBe(201);
      const created = port.body['port'] as Dict;
      expect(created['binding:host_id']).toBe(host);
      if (options.binding) expect(created['binding:vif_type']).toBe(options.binding.vifType);
      else expect(created['binding:vif_type']).toEqual(expect.any(String));
      expect((await client().delete(`/ports/${String(created['id'])}`)).status).toBe(204);
      expect((await client().delete(`/networks/${networkId}`)).status).toBe(204);
    });
  });
}
