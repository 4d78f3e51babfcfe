import type { KindTemplate, PluginNames } from './names.js';

/**
 * A service plugin serving a sample `widgets` collection the way neutron's
 * service plugins serve theirs: under a path prefix of its own
 * (`/v2.0/<alias>/widgets`, as `/v2.0/qos/policies` or
 * `/v2.0/fw/firewall_groups`), with neutron's method and policy names for
 * the member (`createWidget`, `create_widget`), stored through net-server's
 * resource kit: a descriptor, a store and hooks.
 */
export function servicePluginTemplate({ alias, className }: PluginNames): KindTemplate {
  const plugin = `${className}ServicePlugin`;
  const prefix = `/${alias.replaceAll('_', '-')}`;
  const collection = 'widgets';
  const member = 'widget';
  const table = `${alias}_widgets`;
  const serviceType = alias.toUpperCase();
  const methods = 'Widget';
  return {
    entryPoint: `./dist/entries/plugin.js:${plugin}`,
    otherEntryPoints: {
      'net_server.api.extensions': './dist/entries/extensions.js:extensions',
      'net_server.policies': './dist/entries/policies.js:policies',
      'net_server.db.migrations': './dist/entries/migrations.js:migrations',
    },
    testSummary: `the testkit's service plugin contract, with a sample resource, and the widgets served at /v2.0${prefix}/widgets`,
    readmeApi: `It serves \`/v2.0${prefix}/widgets\` (create, list, show, update, delete), a sample
resource stored in the server's database (the \`${table}\` table, created by
its \`net_server.db.migrations\` entry point) through net-server's resource
kit: \`src/widgets.ts\` describes the table and who sees a row, a
\`ResourceStore\` does the rest in the core plugin's transactions (not-found
for other projects' widgets, description, timestamps, revision numbers,
filters, sorting, paging). Rename it, and keep the \`${prefix}\` prefix (the
API extension's \`apiPrefix\`) so that your collections do not meet other
plugins' at the top of \`/v2.0\`.`,
    files: {
      'src/definitions.ts': `import { definitions, type ExtensionDescriptor } from '@net-server/lib';

/** The service type this plugin registers under; one plugin per type runs. */
export const SERVICE_TYPE = '${serviceType}';

/**
 * The API extension of the plugin: its collections and attributes
 * (neutron-lib's API definitions). Its collections are served under
 * apiPrefix, as neutron serves a service plugin's (/v2.0/qos/policies):
 * ${collection} at /v2.0${prefix}/${collection}. Widgets have neutron's
 * standard attributes, which the resource kit keeps.
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
      ...definitions.DESCRIPTION_BODY,
      ...definitions.TIMESTAMP_BODY,
      ...definitions.REVISION_BODY,
    },
  },
  serviceType: SERVICE_TYPE,
  requiredExtensions: [],
  optionalExtensions: [],
};
`,
      'src/migrations.ts': `import type { Migration } from 'net-server';

/** The plugin's table, created by \`net-server db upgrade\` (and by the testkit's servers). */
export const migrations: Migration[] = [
  {
    id: '${alias}_0001_${collection}', // unique across packages: prefixed
    after: ['core_0001_base_plugin'],
    async up(db) {
      await db.schema
        .createTable('${table}')
        .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
        .addColumn('project_id', 'varchar(255)', (column) => column.notNull())
        .addColumn('name', 'varchar(255)', (column) => column.notNull())
        // neutron's standard attributes, which the resource kit keeps
        .addColumn('description', 'varchar(255)', (column) => column.notNull())
        .addColumn('revision_number', 'bigint', (column) => column.notNull())
        .addColumn('created_at', 'varchar(32)', (column) => column.notNull())
        .addColumn('updated_at', 'varchar(32)', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('ix_${table}_project_id').on('${table}').column('project_id').execute();
    },
  },
];
`,
      'src/widgets.ts': `import { defineNeutronException, NotFound } from '@net-server/lib';
import { givenString, type TableResource } from 'net-server';

/** The error for a widget that does not exist or that the caller may not see (404), as neutron names its NotFound errors. */
export const ${className}WidgetNotFound = defineNeutronException<{ widget_id: unknown }>(NotFound, '${className}WidgetNotFound', 'Widget %(widget_id)s could not be found.');

/** A row of the ${table} table. */
export interface WidgetRow {
  id: string;
  project_id: string;
  name: string;
  description: string;
  revision_number: number | string;
  created_at: string;
  updated_at: string;
}

/**
 * The widgets as the resource kit stores them: a project's own (admins see
 * every project's), with neutron's standard attributes; \`name\` is the one
 * column of their own, read from the body the API has validated.
 */
export const widgets: TableResource<WidgetRow> = {
  table: '${table}',
  member: '${member}',
  collection: '${collection}',
  visibility: 'owner',
  standardAttributes: true,
  notFound: (id) => new ${className}WidgetNotFound({ widget_id: id }),
  toDict: (row) => ({ name: row.name }),
  newRow: (body) => ({ name: givenString(body, 'name') ?? '' }),
  changes: (body) => {
    const name = givenString(body, 'name');
    return name === undefined ? {} : { name };
  },
};
`,
      [`src/${alias}-service-plugin.ts`]: `import type { Context, ListOptions, ResourceDict, ResourceRequest, ServicePlugin } from '@net-server/lib';
import { requireCoreCapabilities, ResourceStore, type PluginInit } from 'net-server';
import { extension, SERVICE_TYPE } from './definitions.js';
import { widgets, type WidgetRow } from './widgets.js';

/**
 * Serves ${collection} at /v2.0${prefix}/${collection} (methods named as
 * neutron's: create${methods}, get${methods}s, ...) from a ResourceStore
 * of net-server's resource kit, in the core plugin's transactions. Add
 * what is particular to your resource as hooks (\`store.hooks.add\`).
 */
export class ${plugin} implements ServicePlugin {
  readonly pluginType = SERVICE_TYPE;
  readonly pluginDescription = '${className} service plugin';
  readonly supportedExtensionAliases = [extension.alias];
  readonly resources = ['${collection}'];
  // The store filters, sorts and pages lists itself.
  readonly nativePaginationSupport = true;
  readonly nativeSortingSupport = true;
  readonly #widgets: ResourceStore<WidgetRow>;

  constructor(init: PluginInit) {
    const core = requireCoreCapabilities(init.directory.corePlugin, '${alias}', ['transactions']);
    this.#widgets = new ResourceStore(core.transactions, widgets);
    this.#widgets.hooks.add({ postcommitCreate: (_context, widget) => init.logger.info('${member} created', { id: widget['id'] }) });
  }

  create${methods}(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    return this.#widgets.create(context, body);
  }

  get${methods}(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.#widgets.get(context, id, fields);
  }

  get${methods}s(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.#widgets.list(context, options);
  }

  get${methods}sCount(context: Context, filters?: ListOptions['filters']): Promise<number> {
    return this.#widgets.count(context, filters);
  }

  update${methods}(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#widgets.update(context, id, body);
  }

  delete${methods}(context: Context, id: string): Promise<void> {
    return this.#widgets.delete(context, id);
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
      'src/entries/migrations.ts': `// The net_server.db.migrations entry point: the plugin's table.
export { migrations } from '../migrations.js';
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
export { migrations } from './migrations.js';
export { policies } from './policies.js';
export { widgets, ${className}WidgetNotFound, type WidgetRow } from './widgets.js';
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
    expect(shown.body).toEqual({ ${member}: expect.objectContaining({ id, name: 'second', description: '', revision_number: 0 }) });
    const listed = await server.client.get('/v2.0${prefix}/${collection}?name=second');
    expect(listed.body['${collection}']).toEqual([expect.objectContaining({ id })]);
    // Not at the top of /v2.0, where other plugins' collections are.
    expect((await server.client.get('/v2.0/${collection}')).status).toBe(404);
  });

  it("keeps a revision per change, and hides a project's ${collection} from others", async () => {
    const created = await server.client.post('/v2.0${prefix}/${collection}', { ${member}: { name: 'third' } });
    const { id } = created.body['${member}'] as { id: string };
    const updated = await server.client.put(\`/v2.0${prefix}/${collection}/\${id}\`, { ${member}: { name: 'renamed' } });
    expect(updated.body).toEqual({ ${member}: expect.objectContaining({ name: 'renamed', revision_number: 1 }) });
    const stranger = server.client.as({ projectId: 'another-project', roles: ['member'] });
    expect((await stranger.get(\`/v2.0${prefix}/${collection}/\${id}\`)).status).toBe(404);
    expect((await stranger.get('/v2.0${prefix}/${collection}')).body['${collection}']).toEqual([]);
    expect((await server.client.delete(\`/v2.0${prefix}/${collection}/\${id}\`)).status).toBe(204);
  });
});
`,
    },
  };
}
