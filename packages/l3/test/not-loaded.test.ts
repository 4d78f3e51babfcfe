import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type L3Server } from './helpers.js';

/* Installed is not loaded: with the package in node_modules but not in service_plugins, there are no routers. */
describe('@net-server/l3 installed but not in service_plugins', () => {
  let server: L3Server;

  beforeAll(async () => {
    server = await startServer('sqlite', '');
  }, 240_000);

  afterAll(async () => {
    await server?.close();
  });

  it('serves neither the L3 extensions nor their resources', async () => {
    const aliases = ((await server.request('GET', '/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).not.toContain('router');
    expect(aliases).not.toContain('external-net');
    expect(aliases).toContain('project-id');
    expect((await server.request('GET', '/routers')).status).toBe(404);
    expect((await server.request('GET', '/floatingips')).status).toBe(404);
    expect(server.plugin).toBeUndefined();
  });
});
