import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { request, startApi, type RunningApi } from './api-harness.js';
import { TEST_ROUTER_EXTENSION } from './router-plugin.js';

const pluginSpec = (file: string, name: string): string => `${fileURLToPath(new URL(file, import.meta.url))}:${name}`;
const admin = { project: 'p-admin', roles: 'admin' };

/*
 * `fields` on GET: the API narrows a plugin's answer to the fields asked
 * for, unless the plugin selects them itself (nativeFieldSelectionSupport),
 * as neutron's plugins do; then the API strips only the attributes it asked
 * the plugin for besides them (the primary key and those policy needs).
 */
describe('fields on GET, by the API or by the plugin', () => {
  let running: RunningApi | undefined;

  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  async function routerOn(plugin: string): Promise<string> {
    running = await startApi({ config: { 'DEFAULT.service_plugins': plugin }, extensions: [TEST_ROUTER_EXTENSION] });
    const made = await request(running.url, 'POST', '/v2.0/routers', { ...admin, body: { router: { name: 'r1' } } });
    expect(made.status).toBe(201);
    return made.body.router.id;
  }

  it('narrows to the fields asked for the answer of a plugin that does not select them', async () => {
    const id = await routerOn(pluginSpec('./router-plugin.ts', 'RouterPlugin'));
    expect((await request(running!.url, 'GET', `/v2.0/routers/${id}?fields=name`, admin)).body).toEqual({ router: { name: 'r1' } });
    expect((await request(running!.url, 'GET', '/v2.0/routers?fields=name', admin)).body).toEqual({ routers: [{ name: 'r1' }] });
  });

  it("keeps what a plugin that selects fields answered, but the fields the API added for policy's sake", async () => {
    const id = await routerOn(pluginSpec('./field-selecting-router-plugin.ts', 'FieldSelectingRouterPlugin'));
    expect((await request(running!.url, 'GET', `/v2.0/routers/${id}?fields=name`, admin)).body).toEqual({ router: { name: 'r1', interfaces: [] } });
    expect((await request(running!.url, 'GET', `/v2.0/routers/${id}?fields=name&fields=id`, admin)).body).toEqual({
      router: { id, name: 'r1', interfaces: [] },
    });
    expect((await request(running!.url, 'GET', '/v2.0/routers?fields=name', admin)).body).toEqual({ routers: [{ name: 'r1', interfaces: [] }] });
    const whole = (await request(running!.url, 'GET', `/v2.0/routers/${id}`, admin)).body.router;
    expect(whole).toMatchObject({ id, name: 'r1', interfaces: [], tenant_id: 'p-admin' });
  });
});
