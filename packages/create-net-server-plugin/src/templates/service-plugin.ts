import type { KindTemplate, PluginNames } from './names.js';

export function servicePluginTemplate({ alias, className }: PluginNames): KindTemplate {
  const plugin = `${className}ServicePlugin`;
  const collection = `${alias}_widgets`;
  const member = `${alias}_widget`;
  const serviceType = alias.toUpperCase();
  const methods = `${className}Widget`;
  return {
    entryPoint: `./dist/entries/plugin.js:${plugin}`,
    otherEntryPoints: {
      'net_server.api.extensions': './dist/entries/extensions.js:extensions',
      'net_server.policies': './dist/entries/policies.js:policies',
    },
    testSummary: "the testkit's service plugin contract, with a sample resource",
    files: {
      'src/definitions.ts': `import type { ExtensionDescriptor } from '@net-server/lib';

/** The service type this plugin registers under; one plugin per type runs. */
export const SERVICE_TYPE = '${serviceType}';

/** The API extension of the plugin: its collection and attributes (neutron-lib's API definitions). */
export const extension: ExtensionDescriptor = {
  alias: '${alias}',
  name: '${className}',
  description: 'The ${collection} collection.',
  updated: '${new Date().toISOString().slice(0, 10)}T00:00:00-00:00',
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
 * Serves ${collection} (methods named as neutron's: create${methods},
 * get${methods}s, ...). It keeps them in memory: a real plugin stores them
 * through init.database and ships a net_server.db.migrations entry point.
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
import { buildIfStale, servicePluginContract } from '@net-server/testkit';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// The server loads the plugin and its extension through entry points naming the built modules.
buildIfStale(packageDir);

servicePluginContract('${alias}', {
  root: packageDir,
  servicePlugin: '${alias}',
  pluginType: '${serviceType}',
  sample: { collection: '${collection}', body: { ${member}: { name: 'first' } } },
});
`,
    },
  };
}
