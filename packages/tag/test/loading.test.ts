import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@net-server/lib';
import { pluginInitWith, startServer, type TestServer } from '@net-server/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedCorePluginError } from 'net-server';
import { TagPlugin } from '@net-server/tag';
import { aliases, buildPlugins, failure, ok, packageDir, serverOptions, startTagServer } from './helpers.js';

const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/* Not installed is not loaded: no alias, no /tags, no tags on resources, the tag filters refused. */
describe('@net-server/tag not installed', () => {
  let server: TestServer;

  beforeAll(async () => {
    buildPlugins();
    server = await startServer({ bare: true, logger: silentLogger });
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('serves neither standard-attr-tag nor tags', async () => {
    const served = await aliases(server);
    expect(served).toContain('standard-attr-revisions');
    expect(served).not.toContain('standard-attr-tag');
    expect(served).not.toContain('tag-ports-during-bulk-creation');
    const network = ok(await server.client.post('/networks', { network: { name: 'plain' } }), 'network');
    expect(network).not.toHaveProperty('tags');
    expect((await server.client.get(`/networks/${String(network['id'])}/tags`)).status).toBe(404);
    expect((await server.client.put(`/networks/${String(network['id'])}/tags`, { tags: ['a'] })).status).toBe(404);
    expect(failure(await server.client.get('/networks?tags=a'), 400, 'HTTPBadRequest')).toBe("['tags'] is invalid attribute for filtering");
    failure(await server.client.post('/ports', { port: { network_id: network['id'], tags: ['a'] } }), 400, 'HTTPBadRequest');
    expect(server.manager.getPlugin('TAG')).toBeUndefined();
  });
});

/*
 * service_plugins = tag with @net-server/l3 and @net-server/segments
 * installed beside it (this package's devDependencies): only what is listed
 * is loaded, and tags cover the collections of what is loaded.
 */
describe('@net-server/tag with other service plugins installed, service_plugins = tag', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTagServer('sqlite', ['tag']);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('loads the core plugin and the tag plugin, nothing else that is installed', async () => {
    for (const [name, alias] of [
      ['l3', 'router'],
      ['segments', 'segments'],
    ] as const) {
      const manifest = JSON.parse(readFileSync(join(packageDir, 'node_modules', '@net-server', name, 'package.json'), 'utf8')) as {
        entryPoints: Record<string, Record<string, string>>;
      };
      expect(Object.keys(manifest.entryPoints['net_server.service_plugins']!)).toContain(alias);
    }
    expect([...server.manager.getServicePlugins().keys()].sort()).toEqual(['CORE', 'TAG']);
    expect(server.manager.getPlugin('TAG')?.constructor.name).toBe('TagPlugin');
    const served = await aliases(server);
    expect(served).toEqual(expect.arrayContaining(['standard-attr-tag', 'tag-ports-during-bulk-creation']));
    expect(served).not.toContain('router');
    expect(served).not.toContain('segment');
    expect((await server.client.get('/routers')).status).toBe(404);
    expect((await server.client.get('/segments')).status).toBe(404);
  });

  it('tags the collections of the loaded plugins only', async () => {
    const extension = ok(await server.client.get('/extensions/standard-attr-tag'), 'extension');
    expect(extension['name']).toBe('Tag support for resources with standard attribute: network, subnet, subnetpool, port, security_group');
    const network = ok(await server.client.post('/networks', { network: { name: 'n' } }), 'network');
    expect((await server.client.put(`/networks/${String(network['id'])}/tags`, { tags: ['a'] })).body).toEqual({ tags: ['a'] });
    expect((await server.client.get(`/routers/${String(network['id'])}/tags`)).status).toBe(404);
  });
});

/* Installed but not named: loaded all the same, as neutron loads `tag`, one of its DEFAULT_SERVICE_PLUGINS. */
describe('@net-server/tag installed, service_plugins empty', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTagServer('sqlite', [], 'net-server:DbBasePlugin');
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("is loaded as a default service plugin, over the DB base plugin's collections", async () => {
    expect([...server.manager.getServicePlugins().keys()].sort()).toEqual(['CORE', 'TAG']);
    const extension = ok(await server.client.get('/extensions/standard-attr-tag'), 'extension');
    expect(extension['name']).toBe('Tag support for resources with standard attribute: network, subnet, subnetpool, port');
    const network = ok(await server.client.post('/networks', { network: { name: 'n' } }), 'network');
    expect(network['tags']).toEqual([]);
    expect((await server.client.request('PUT', `/networks/${String(network['id'])}/tags/default`)).status).toBe(201);
  });
});

describe('what the tag plugin refuses', () => {
  let started: TestServer | undefined;
  afterEach(async () => {
    await started?.stop();
    started = undefined;
  });

  it('refuses a second plugin of service type TAG at start, naming both', async () => {
    buildPlugins();
    const other = tempDir('other-tags-');
    writeFileSync(
      join(other, 'package.json'),
      JSON.stringify({
        name: 'other-tags',
        version: '1.0.0',
        type: 'module',
        entryPoints: { 'net_server.service_plugins': { 'other-tag': './plugin.js:OtherTagPlugin' } },
      }),
    );
    writeFileSync(
      join(other, 'plugin.js'),
      'export class OtherTagPlugin { pluginType = "TAG"; pluginDescription = "Another tag service"; supportedExtensionAliases = []; }\n',
    );
    const refused = await startServer({ ...serverOptions('sqlite', ['tag', 'other-tag']), packages: [other] }).then(
      (server) => {
        started = server;
        return undefined;
      },
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({ code: 'PLUGIN_SERVICE_TYPE_CONFLICT' });
    expect((refused as Error).message).toBe('multiple plugins for service TAG were configured: tag and other-tag. Keep only one of them in service_plugins.');
  }, 240_000);

  it('refuses a core plugin without transactions, saying which to use', () => {
    const error = (() => {
      try {
        new TagPlugin(pluginInitWith('tag', {}));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UnsupportedCorePluginError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_CORE_PLUGIN', missing: ['transactions'] });
    expect((error as Error).message).toMatch(/Use core_plugin = ml2, or remove tag from service_plugins$/);
  });
});
