import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, mechanismDriverContract, startServer, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// ML2 loads the driver through the entry point, which names the built module.
buildIfStale(packageDir);

mechanismDriverContract('net-server-mech-example', {
  root: packageDir,
  driver: 'example',
  binding: { host: 'compute-1', vifType: 'example' },
  config: { ml2_example: { hosts: ['compute-1'] } },
});

describe('the example driver', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      root: packageDir,
      corePlugin: 'ml2',
      config: {
        ml2: { type_drivers: ['local', 'vxlan'], tenant_network_types: ['vxlan'], mechanism_drivers: ['example'] },
        ml2_type_vxlan: { vni_ranges: ['1:10'] },
        ml2_example: { hosts: ['compute-1'], vif_type: 'vhostuser' },
      },
    });
  });
  afterAll(() => server?.stop());

  async function portOn(host: string, network: Record<string, unknown>): Promise<Record<string, unknown>> {
    const created = await server.client.post('/networks', { network });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const networkId = (created.body['network'] as { id: string }).id;
    const port = await server.client.post('/ports', { port: { network_id: networkId, 'binding:host_id': host } });
    expect(port.status, JSON.stringify(port.body)).toBe(201);
    return port.body['port'] as Record<string, unknown>;
  }

  it('binds with the configured VIF type on its hosts', async () => {
    const port = await portOn('compute-1', { name: 'local', 'provider:network_type': 'local' });
    expect(port).toMatchObject({ 'binding:vif_type': 'vhostuser', 'binding:vif_details': { port_filter: false } });
  });

  it('leaves other hosts and tunnelled networks unbound', async () => {
    expect(await portOn('compute-2', { name: 'elsewhere', 'provider:network_type': 'local' })).toMatchObject({ 'binding:vif_type': 'binding_failed' });
    expect(await portOn('compute-1', { name: 'tunnel' })).toMatchObject({ 'binding:vif_type': 'binding_failed' });
  });
});
