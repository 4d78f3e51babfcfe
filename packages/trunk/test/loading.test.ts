import { pluginInitWith, startServer, type TestServer } from '@net-server/testkit';
import { UnsupportedCorePluginError } from 'net-server';
import { TrunkPlugin } from '@net-server/trunk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugins, startTrunkServer, trunkServerOptions } from './helpers.js';

describe('loading the trunk plugin', () => {
  it("refuses a core plugin without net-server's hooks, transactions, resources pull API and transport, naming what to use", () => {
    expect(() => new TrunkPlugin(pluginInitWith('trunk', {}))).toThrow(UnsupportedCorePluginError);
    expect(() => new TrunkPlugin(pluginInitWith('trunk', {}))).toThrow(
      /the trunk service plugin needs .* lacks hooks .*transactions.*resourceProducers.*transport/,
    );
  });

  it('refuses to start without a mechanism driver that has a trunk driver, naming the option', async () => {
    buildPlugins();
    const options = trunkServerOptions('sqlite');
    await expect(startServer({ ...options, config: { ...options.config, ml2: { ...options.config!['ml2'], mechanism_drivers: ['logger'] } } })).rejects.toThrow(
      /\[ml2\] mechanism_drivers: cannot load the trunk plugin: no compatible core plugin configuration is found\. Use core_plugin = ml2 with the openvswitch or linuxbridge mechanism driver/,
    );
  }, 240_000);

  describe('installed but not in service_plugins', () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startTrunkServer('sqlite', { servicePlugins: [] });
    }, 240_000);

    afterAll(async () => {
      await server?.stop();
    });

    it('serves neither the extensions nor the collection', async () => {
      const aliases = ((await server.client.get('/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
      expect(aliases).not.toContain('trunk');
      expect(aliases).not.toContain('trunk-details');
      expect((await server.client.get('/trunks')).status).toBe(404);
    });
  });
});
