import { pluginInitWith, type TestServer } from '@net-server/testkit';
import { UnsupportedCorePluginError } from 'net-server';
import { MeteringPlugin } from '@net-server/metering';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMeteringServer } from './helpers.js';

describe('loading the metering plugin', () => {
  it("refuses a core plugin without net-server's transactions, naming what to use", () => {
    expect(() => new MeteringPlugin(pluginInitWith('metering', {}))).toThrow(UnsupportedCorePluginError);
    expect(() => new MeteringPlugin(pluginInitWith('metering', {}))).toThrow(/the metering service plugin needs .* lacks transactions/);
  });

  describe('installed but not in service_plugins', () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startMeteringServer('sqlite', { servicePlugins: ['router'] });
    }, 240_000);

    afterAll(async () => {
      await server?.stop();
    });

    it('serves neither the extensions nor the collections', async () => {
      const aliases = ((await server.client.get('/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
      expect(aliases).not.toContain('metering');
      expect(aliases).not.toContain('metering_source_and_destination_fields');
      expect((await server.client.get('/metering/metering-labels')).status).toBe(404);
    });
  });
});
