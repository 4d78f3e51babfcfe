import { silentLogger } from '@net-server/lib';
import { pluginInitWith, startServer, type TestServer } from '@net-server/testkit';
import { AddressScopePlugin } from '@net-server/address-scope';
import { UnsupportedCorePluginError } from 'net-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliases, created, ok, startAddressScopeServer } from './helpers.js';

describe('loading the address scope plugin', () => {
  it("refuses a core plugin without net-server's transactions and hooks, naming what to use", () => {
    expect(() => new AddressScopePlugin(pluginInitWith('address_scope', {}))).toThrow(UnsupportedCorePluginError);
    expect(() => new AddressScopePlugin(pluginInitWith('address_scope', {}))).toThrow(/the address_scope service plugin needs .* lacks transactions .*, hooks/);
  });

  /* Installed but not named in service_plugins: loaded all the same, as neutron's core plugin always serves address scopes. */
  describe('installed, service_plugins empty', () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startAddressScopeServer('sqlite', { servicePlugins: [] });
    }, 240_000);

    afterAll(async () => {
      await server?.stop();
    });

    it('is loaded as a default service plugin', async () => {
      expect(await aliases(server)).toContain('address-scope');
      expect((await server.client.get('/address-scopes')).body).toEqual({ address_scopes: [] });
      expect(server.manager.getServicePlugins().get('ADDRESS_SCOPE')?.constructor.name).toBe('AddressScopePlugin');
    });
  });

  /* Not installed is not loaded: no alias, no collection, and subnet pools and networks without its attributes. */
  describe('not installed', () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startServer({ bare: true, logger: silentLogger });
    }, 240_000);

    afterAll(async () => {
      await server?.stop();
    });

    it('serves neither the alias, the collection nor the attributes', async () => {
      expect(await aliases(server)).not.toContain('address-scope');
      expect((await server.client.get('/address-scopes')).status).toBe(404);
      const pool = created(await server.client.post('/subnetpools', { subnetpool: { name: 'p', prefixes: ['10.0.0.0/16'] } }), 'subnetpool');
      expect(pool).not.toHaveProperty('address_scope_id');
      expect((await server.client.post('/subnetpools', { subnetpool: { name: 'q', prefixes: ['10.1.0.0/16'], address_scope_id: null } })).status).toBe(400);
      const network = created(await server.client.post('/networks', { network: { name: 'n' } }), 'network');
      expect(ok(await server.client.get(`/networks/${String(network['id'])}`), 'network')).not.toHaveProperty('ipv4_address_scope');
    });
  });
});
