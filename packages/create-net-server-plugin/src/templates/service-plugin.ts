import type { KindTemplate, PluginNames } from './names.js';

/**
 * A service plugin serving a sample `widgets` collection the way neutron's
 * service plugins serve theirs: under a path prefix of its own
 * (`/v2.0/<alias>/widgets`, as `/v2.0/qos/policies` or
 * `/v2.0/fw/firewall_groups`), with neutron's method and policy names for
 * the member (`createWidget`, `create_widget`).
 */
export function servicePluginTemplate({ alias, className }: PluginNames): KindTemplate {
  const plugin = `${className}ServicePlugin`;
  const prefix = `/${alias.replaceAll('_', '-')}`;
  const collection = 'widgets';
  const member = 'widget';
  const serviceType = alias.toUpperCase();
  const methods = 'Widget';
  return {
    entryPoint: `./dist/entries/plugin.js:${plugin}`,
    otherEntryPoints: {
      'net_server.api.extensions': './dist/entries/extensions.js:extensions',
      'net_server.policies': './dist/entries/policies.js:policies',
    },
    testSummary: `the testkit's service plugin contract, with a sample resource, and the widgets served at /v2.0${prefix}/widgets`,
    readmeApi: `It serves \`/v2.0${prefix}/widgets\` (create, list, show, update, delete), a sample
resource kept in memory: rename it, store it through the server's database
with a \`net_server.db.migrations\` entry point, and keep the \`${prefix}\`
prefix (the API extension's \`apiPrefix\`) so that your collections do not
meet other plugins' at the top of \`/v2.0\`.`,
    files: {
      'src/definitions.ts': `import type { ExtensionDescriptor } from '@net-server/lib';

/** The service type this plugin registers under; one plugin per type runs. */
export const SERVICE_TYPE = '${serviceType}';

/**
 * The API extension of the plugin: its collections and attributes
 * (neutron-lib's API definitions). Its collections are served under
 * apiPrefix, as neutron serves a service plugin's (/v2.0/qos/policies):
 * ${collection} at /v2.0${prefix}/${collection}.
 */
export const extension: ExtensionDescriptor = {
  alias: '${alias}',
  name: '${className}',
  description: 'The ${collection} of the ${alias} service plugin.',
  updated: '${new Date().toISOString().slice(0, 10)}T00:00:00-00:00',
  apiPrefix: '${prefix}',
  resourceAttributeMap: {
    ${collection}: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true, isSort: true, primaryKey: true },
      name: { allowPost: true, allowPut: true, validate: { type: 'type:string', arg: 255 }, default: '', isVisible: true, isFilter: true, isSort: true },
      tenant_id: { allowPost: true, allowPut: false, requiredByPolicy: true, validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true },
    },
  },
  serviceType: SERVICE_TYPE,
  requiredExtensions: [],
  optionalExtensions: [],
};
`,
      [`src/${alias}-service-plugin.ts`]: `import { randomUUID } from 'node:crypto';
import { ObjectNotFound, type Context, type ResourceDict, type ResourceRequest, type ServicePlugin } from '@net-server/lib';
import type { PluginInit } from 'net-server';
import { extension, SERVICE_TYPE } from './definitions.js';

/**
 * Serves ${collection} at /v2.0${prefix}/${collection} (methods named as
 * neutron's: create${methods}, get${methods}s, ...). It keeps them in memory:
 * a real plugin stores them through init.database and ships a
 * net_server.db.migrations entry point.
 */
export class ${plugin} implements ServicePlugin {
  readonly pluginType = SERVICE_TYPE;
  readonly pluginDescription = '${className} service plugin';
  readonly supportedExtensionAliases = [extension.alias];
  readonly resources = ['${collection}'];
  readonly #items = new Map<string, ResourceDict>();

  constructor(init: PluginInit) {
    init.logger.info('${alias} service plugin loaded');
  }

  #find(context: Context, id: string): ResourceDict {
    const item = this.#items.get(id);
    if (!item || (!context.isAdmin && item['project_id'] !== context.projectId)) throw new ObjectNotFound({ id });
    return item;
  }

  async create${methods}(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const projectId = String(body['tenant_id'] ?? context.projectId);
    const item: ResourceDict = { id: randomUUID(), name: body['name'], tenant_id: projectId, project_id: projectId };
    this.#items.set(String(item['id']), item);
    return item;
  }

  async get${methods}(context: Context, id: string): Promise<ResourceDict> {
    return this.#find(context, id);
  }

  async get${methods}s(context: Context): Promise<ResourceDict[]> {
    return [...this.#items.values()].filter((item) => context.isAdmin || item['project_id'] === context.projectId);
  }

  async update${methods}(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const item = this.#find(context, id);
    if (body['name'] !== undefined) item['name'] = body['name'];
    return item;
  }

  async delete${methods}(context: Context, id: string): Promise<void> {
    this.#find(context, id);
    this.#items.delete(id);
  }
}
`,
      'src/entries/plugin.ts': `// The net_server.service_plugins entry point "${alias}".
export { ${plugin} } from '../${alias}-service-plugin.js';
`,
      'src/entries/extensions.ts': `// The net_server.api.extensions entry point: the plugin's API extension.
import { extension } from '../definitions.js';

export const extensions = [extension];
`,
      'src/policies.ts': `import type { PolicyRuleDefault } from 'net-server';

/**
 * The policy rule of each operation the API serves (neutron's
 * oslo.policy check strings): any user creates, the owner or an admin does
 * the rest. A rule left out would fall back to "default"; an attribute
 * marked enforcePolicy needs one too ("create_${member}:<attribute>").
 */
export const policies: readonly PolicyRuleDefault[] = [
  { name: 'create_${member}', check: 'rule:regular_user' },
  { name: 'get_${member}', check: 'rule:admin_or_owner' },
  { name: 'update_${member}', check: 'rule:admin_or_owner' },
  { name: 'delete_${member}', check: 'rule:admin_or_owner' },
];
`,
      'src/entries/policies.ts': `// The net_server.policies entry point: the rules of what the plugin serves.
export { policies } from '../policies.js';
`,
      'src/index.ts': `export { ${plugin} } from './${alias}-service-plugin.js';
export { extension, SERVICE_TYPE } from './definitions.js';
export { policies } from './policies.js';
`,
      [`test/${alias}.test.ts`]: `import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, servicePluginContract, startServer, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// The server loads the plugin and its extension through entry points naming the built modules.
buildIfStale(packageDir);

servicePluginContract('${alias}', {
  root: packageDir,
  servicePlugin: '${alias}',
  pluginType: '${serviceType}',
  sample: { collection: '${collection}', body: { ${member}: { name: 'first' } } },
});

describe('the ${alias} API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ root: packageDir, servicePlugins: ['${alias}'] });
  });
  afterAll(() => server?.stop());

  it('serves ${collection} under its prefix, at /v2.0${prefix}/${collection}', async () => {
    const created = await server.client.post('/v2.0${prefix}/${collection}', { ${member}: { name: 'second' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id } = created.body['${member}'] as { id: string };
    const shown = await server.client.get(\`/v2.0${prefix}/${collection}/\${id}\`);
    expect(shown.body).toEqual({ ${member}: expect.objectContaining({ id, name: 'second' }) });
    const listed = await server.client.get('/v2.0${prefix}/${collection}');
    expect(listed.body['${collection}']).toEqual(expect.arrayContaining([expect.objectContaining({ id })]));
    // Not at the top of /v2.0, where other plugins' collections are.
    expect((await server.client.get('/v2.0/${collection}')).status).toBe(404);
  });
});
`,
    },
  };
}
