import { silentLogger } from '@net-server/lib';
import { startServer, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWith } from './helpers.js';

async function aliases(server: TestServer): Promise<string[]> {
  return ((await server.client.get('/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
}

/* Not installed is not loaded: an application without the package has neither the extension nor the collection. */
describe('@net-server/network-ip-availability not installed', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ bare: true, logger: silentLogger });
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('serves neither the alias nor the route', async () => {
    const served = await aliases(server);
    expect(served).toContain('project-id');
    expect(served).not.toContain('network-ip-availability');
    expect((await server.client.get('/network-ip-availabilities')).status).toBe(404);
    expect(server.manager.getPluginForResource('network_ip_availabilities')).toBeUndefined();
  });
});

/*
 * Installed but not named in service_plugins: loaded all the same, as in
 * neutron, where network_ip_availability is one of the DEFAULT_SERVICE_PLUGINS
 * (net-server's NeutronManager loads those whenever they are installed).
 */
describe('@net-server/network-ip-availability installed, service_plugins empty', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startWith('sqlite', []);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('is loaded as a default service plugin', async () => {
    expect(await aliases(server)).toContain('network-ip-availability');
    expect((await server.client.get('/network-ip-availabilities')).body).toEqual({ network_ip_availabilities: [] });
    expect(server.manager.getServicePlugins().get('network-ip-availability')?.constructor.name).toBe('NetworkIpAvailabilityPlugin');
  });
});
