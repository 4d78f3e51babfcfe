import type { ServicePlugin } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../api-client.js';
import type { StartServerOptions } from '../start-server.js';
import { undefinedPolicyRules } from '../policy-coverage.js';
import { errorType, serverForSuite } from './contract-server.js';

type Dict = Record<string, unknown>;

/** Neutron serves a collection with underscores at a hyphenated path (security_groups: /security-groups). */
function path(collection: string): string {
  return `/${collection.replaceAll('_', '-')}`;
}

/** Where the API serves a collection, its extension's prefix included (/qos/policies), from the links of GET /v2.0. */
async function servedPath(client: ApiClient, collection: string): Promise<string> {
  const listed = (await client.get('/v2.0')).body['resources'] as { collection: string; links: { href: string }[] }[] | undefined;
  const href = listed?.find((resource) => resource.collection === collection)?.links[0]?.href;
  return href === undefined ? path(collection) : new URL(href).pathname.replace(/^\/v2\.0/, '');
}

export interface ServicePluginContractOptions extends StartServerOptions {
  /** The plugin's alias in `net_server.service_plugins` (or a `module:export` spec). */
  servicePlugin: string;
  /** The service type it must register under, e.g. "L3_ROUTER_NAT". */
  pluginType: string;
  /** A resource to create, show, list and delete: `{ collection: 'widgets', body: { widget: {...} } }`. */
  sample?: { collection: string; body: Dict };
}

/**
 * What the server relies on from a service plugin: it loads under its
 * service type with a description, every extension it claims is announced
 * in `/v2.0/extensions`, every rule the API enforces on what is served has a
 * definition (none falls back to `default`), every collection in `resources` is routed to it and
 * answers lists and unknown ids as neutron does, and (with `sample`) its
 * resources round-trip. Call it at the top level of a test file.
 */
export function servicePluginContract(title: string, options: ServicePluginContractOptions): void {
  describe(`service plugin contract: ${title}`, () => {
    const server = serverForSuite(() => ({ ...options, servicePlugins: [...(options.servicePlugins ?? []), options.servicePlugin] }));
    const plugin = (): ServicePlugin => {
      const found = server.get().manager.getPlugin(options.pluginType);
      expect(found, `no plugin was loaded for service type ${options.pluginType}`).toBeDefined();
      return found as ServicePlugin;
    };

    it('loads under its service type with a description', () => {
      expect(plugin().pluginType).toBe(options.pluginType);
      expect(plugin().pluginDescription).toEqual(expect.any(String));
      expect(plugin().pluginDescription.length).toBeGreaterThan(0);
    });

    it('has every extension it supports announced by the API', async () => {
      const response = await server.get().client.get('/extensions');
      expect(response.status).toBe(200);
      const announced = (response.body['extensions'] as Dict[]).map((extension) => extension['alias']);
      expect(announced).toEqual(expect.arrayContaining([...plugin().supportedExtensionAliases]));
    });

    it('has a policy rule of its own for every operation, action and policy-enforced attribute served', () => {
      expect(undefinedPolicyRules(server.get())).toEqual([]);
    });

    it('serves its collections', async () => {
      for (const collection of plugin().resources ?? []) {
        expect(server.get().manager.getPluginForResource(collection)).toBe(plugin());
        const at = await servedPath(server.get().client, collection);
        const list = await server.get().client.get(at);
        expect(list.status, `GET /v2.0${at}: ${JSON.stringify(list.body)}`).toBe(200);
        expect(list.body[collection]).toEqual(expect.any(Array));
        const missing = await server.get().client.get(`${at}/8a6c2f1e-0000-4000-8000-000000000000`);
        expect(missing.status).toBe(404);
        expect(errorType(missing.body)).toEqual(expect.any(String));
      }
    });

    const sample = options.sample;
    if (sample) {
      it('creates, shows, lists and deletes a sample resource', async () => {
        const { collection, body } = sample;
        const client = server.get().client;
        const at = await servedPath(client, collection);
        const created = await client.post(at, body);
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const member = Object.keys(body)[0]!;
        const id = String((created.body[member] as Dict)['id']);
        expect((await client.get(`${at}/${id}`)).body[member]).toMatchObject({ id });
        expect(((await client.get(at)).body[collection] as Dict[]).map((item) => item['id'])).toContain(id);
        expect((await client.delete(`${at}/${id}`)).status).toBe(204);
        expect((await client.get(`${at}/${id}`)).status).toBe(404);
      });
    }
  });
}
