import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startServer, type L3Server } from './helpers.js';

/*
 * Without the flavors plugin (@net-server/flavors is not installed here),
 * the router plugin serves no l3-flavors: routers have no flavor_id and a
 * body giving one is refused, as neutron's API refuses an unknown
 * attribute. With it, packages/flavors/test/router-flavors.test.ts.
 */
describe.each(dialects)('routers without the flavors plugin on %s', (dialect) => {
  let server: L3Server;

  beforeAll(async () => {
    server = await startServer(dialect);
  }, 600_000);

  afterAll(async () => {
    await server?.close();
  });

  it('lists no l3-flavors and shows no flavor_id', async () => {
    const aliases = ((await server.request('GET', '/extensions')).body['extensions'] as Record<string, unknown>[]).map((extension) => extension['alias']);
    expect(aliases).toContain('router');
    expect(aliases).not.toContain('l3-flavors');
    const created = await server.request('POST', '/routers', { router: { name: 'r' } });
    expect(created.status).toBe(201);
    expect(created.body['router']).not.toHaveProperty('flavor_id');
    const refused = await server.request('POST', '/routers', { router: { name: 'r', flavor_id: '0b5c5b44-52f2-4d6a-9b33-7e2b2f1b7a10' } });
    expect(refused.status).toBe(400);
  });
});
