import { pluginInitWith, type TestServer } from '@net-server/testkit';
import { Ml2CorePluginRequiredError, NetworkSegmentRangePlugin } from '@net-server/network-segment-range';
import { UnsupportedCorePluginError } from 'net-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliases, created, ok, startRangeServer, VLAN_DEFAULT } from './helpers.js';

describe('loading the network segment range plugin', () => {
  it("refuses a core plugin without net-server's transactions, naming what to use", () => {
    expect(() => new NetworkSegmentRangePlugin(pluginInitWith('network_segment_range', {}))).toThrow(UnsupportedCorePluginError);
  });

  it('refuses a core plugin that is not ML2, whose type drivers would ignore the ranges', () => {
    const notMl2 = { transactions: { read: () => undefined, write: () => undefined } };
    expect(() => new NetworkSegmentRangePlugin(pluginInitWith('network_segment_range', notMl2))).toThrow(Ml2CorePluginRequiredError);
    expect(() => new NetworkSegmentRangePlugin(pluginInitWith('network_segment_range', notMl2))).toThrow(
      /\[DEFAULT\] core_plugin: .*needs the ML2 core plugin/,
    );
  });

  /* As neutron's, the plugin is loaded only when service_plugins names it: ML2 allocates from its configuration then. */
  describe('installed, not named in service_plugins', () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startRangeServer('sqlite', { servicePlugins: [] });
    }, 240_000);

    afterAll(async () => {
      await server?.stop();
    });

    it('serves neither the alias nor the collection, and ML2 allocates from the configured ranges', async () => {
      expect(await aliases(server)).not.toContain('network-segment-range');
      expect((await server.client.get('/network-segment-ranges')).status).toBe(404);
      const network = created(await server.client.post('/networks', { network: { name: 'n' } }), 'network');
      const id = Number(ok(await server.client.get(`/networks/${String(network['id'])}`), 'network')['provider:segmentation_id']);
      expect(id).toBeGreaterThanOrEqual(VLAN_DEFAULT.min);
      expect(id).toBeLessThanOrEqual(VLAN_DEFAULT.max);
      expect((await server.client.delete(`/networks/${String(network['id'])}`)).status).toBe(204);
    });
  });
});
