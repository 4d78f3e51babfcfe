import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Config, type CliOverride } from '../src/config/config.js';
import { PluginOptionError } from '../src/config/errors.js';
import { OptionRegistry } from '../src/config/option-registry.js';
import { serverOptionGroups } from '../src/config/server-options.js';
import { InvalidPluginError, PluginNotFoundError, PluginValidationError, ResourceConflictError, ServiceTypeConflictError } from '../src/manager/errors.js';
import { NeutronManager } from '../src/manager/neutron-manager.js';
import { CORE } from '../src/manager/plugin-directory.js';
import { installFakePackage, makeAppRoot } from './fixtures.js';
import { recordingLogger, suiteTempDir } from './helpers.js';

function servicePlugin(className: string, pluginType: string, resources: string[], extra = ''): string {
  return [
    `export class ${className} {`,
    `  pluginType = ${JSON.stringify(pluginType)};`,
    `  pluginDescription = ${JSON.stringify(`${className} plugin`)};`,
    `  supportedExtensionAliases = [];`,
    `  resources = ${JSON.stringify(resources)};`,
    '  constructor(init) { this.init = init; this.coreAtStart = init.directory.get("CORE"); }',
    extra,
    '}',
  ].join('\n');
}

let root: string;

beforeAll(() => {
  root = makeAppRoot(suiteTempDir('net-server-manager-'));
  installFakePackage(root, {
    name: 'fake-core',
    entryPoints: {
      'net_server.core_plugins': { fake: './core.js:FakeCore', broken: './core.js:Broken', nothing: './core.js:nothing', picky: './core.js:Picky' },
    },
    files: {
      'core.js': [
        'export class FakeCore {',
        '  constructor(init) { this.init = init; this.supportedExtensionAliases = init.config.value("DEFAULT", "allow_bulk") ? ["router"] : []; }',
        '}',
        'export class Broken { constructor() { throw new Error("cannot reach the switch"); } }',
        'export const nothing = 42;',
        // A PluginConfigError built without importing @net-server/lib, as another copy of it would: recognised by its symbol.
        'export class Picky { constructor() {',
        '  const error = Object.assign(new Error("bad"), { group: "DEFAULT", option: "api_workers", problem: "the switch wants an even number" });',
        '  error[Symbol.for("net-server.PluginConfigError")] = true;',
        '  throw error;',
        '} }',
      ].join('\n'),
    },
  });
  installFakePackage(root, {
    name: '@acme/fake-services',
    entryPoints: {
      'net_server.service_plugins': {
        router: './router.js:RouterPlugin',
        qos: './qos.js:QosPlugin',
        other_qos: './qos.js:OtherQosPlugin',
        tag: './tag.js',
        timestamp: './timestamp.js:TimestampPlugin',
        trunk: './trunk.js:TrunkPlugin',
        stealer: './stealer.js:StealerPlugin',
        typeless: './stealer.js:Typeless',
      },
    },
    files: {
      'router.js': servicePlugin('RouterPlugin', 'L3_ROUTER_NAT', ['routers', 'floatingips']),
      'qos.js':
        servicePlugin('QosPlugin', 'QOS', ['policies'], '  pluginsLoaded() { this.seenOnceLoaded = [...this.init.directory.plugins.keys()]; }') +
        '\n' +
        servicePlugin('OtherQosPlugin', 'QOS', []),
      // A factory function as the default export.
      'tag.js':
        'export default async function createTag(init) { return { pluginType: "TAG", pluginDescription: "tags", name: init.name, resources: ["tags"] }; }',
      'timestamp.js': servicePlugin('TimestampPlugin', 'timestamp', []),
      'trunk.js': servicePlugin('TrunkPlugin', 'trunk', ['trunks'], '  static requiredServicePlugins = ["qos"];'),
      'stealer.js': servicePlugin('StealerPlugin', 'STEALER', ['networks']) + '\nexport class Typeless {}',
    },
  });
  installFakePackage(root, {
    name: 'future-core',
    peerDependencies: { 'net-server': '>=99.0.0' },
    entryPoints: { 'net_server.core_plugins': { future: './core.js:FutureCore' } },
    files: { 'core.js': 'throw new Error("a plugin built for another net-server must not be imported");' },
  });
  mkdirSync(join(root, 'local'));
  writeFileSync(join(root, 'local', 'my-core.js'), 'export class MyCore { constructor(init) { this.name = init.name; } }');
});

function config(settings: Record<string, string>): Config {
  const registry = new OptionRegistry();
  registry.register(serverOptionGroups, 'net-server');
  const overrides: CliOverride[] = Object.entries(settings).map(([name, value]) => ({ group: 'DEFAULT', name, value, flag: `--${name}` }));
  return Config.resolve(registry, { env: {}, overrides });
}

async function load(settings: Record<string, string>, extra: Partial<Parameters<typeof NeutronManager.load>[0]> = {}) {
  return NeutronManager.load({ config: config(settings), plugins: { root }, ...extra });
}

describe('NeutronManager', () => {
  it('refuses a plugin built for another net-server, naming package, version and range, without importing it', async () => {
    const error = await load({ core_plugin: 'future' }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/built for net-server@>=99\.0\.0 but net-server@\S+ is running.*future-core@1\.0\.0/);
    expect((error as Error).message).not.toContain('must not be imported');
  });

  it('loads the core plugin, configured and default service plugins, and maps resources', async () => {
    const { logger, records } = recordingLogger();
    const manager = await load({ core_plugin: 'fake', service_plugins: 'qos, tag', allow_bulk: 'false' }, { logger });
    const core = manager.corePlugin as unknown as { init: { name: string; config: Config } };
    expect(core.init.name).toBe('fake');
    expect(manager.getPlugin()).toBe(core);
    expect([...manager.getServicePlugins().keys()]).toEqual([CORE, 'QOS', 'TAG', 'timestamp']);
    const qos = manager.getPlugin('QOS') as unknown as { coreAtStart: unknown; init: { logger: unknown } };
    // Service plugins are created after the core plugin and can see it.
    expect(qos.coreAtStart).toBe(core);
    expect((manager.getPlugin('TAG') as unknown as { name: string }).name).toBe('tag');
    expect(manager.getPluginForResource('networks')).toBe(core);
    expect(manager.getPluginForResource('ports')).toBe(core);
    expect(manager.getPluginForResource('policies')).toBe(qos);
    expect(manager.getPluginForResource('tags')).toBe(manager.getPlugin('TAG'));
    expect(manager.getPluginForResource('routers')).toBeUndefined();
    expect(manager.getUniquePlugins()).toHaveLength(4);
    expect(records).toContainEqual(expect.objectContaining({ msg: 'loaded service plugin', plugin: 'timestamp', type: 'timestamp' }));
  });

  it('tells each plugin once every plugin has loaded, those loaded after it included', async () => {
    const manager = await load({ core_plugin: 'fake', service_plugins: 'qos, router', allow_bulk: 'false' });
    const qos = manager.getPlugin('QOS') as unknown as { seenOnceLoaded: string[] };
    expect(qos.seenOnceLoaded).toEqual(expect.arrayContaining([CORE, 'QOS', 'L3_ROUTER_NAT']));
  });

  it('lets the core plugin serve a service type through its extensions', async () => {
    const manager = await load({ core_plugin: 'fake', allow_bulk: 'true' });
    expect(manager.getPlugin('L3_ROUTER_NAT')).toBe(manager.corePlugin);
    await expect(load({ core_plugin: 'fake', allow_bulk: 'true', service_plugins: 'router' })).rejects.toThrow(
      'multiple plugins for service L3_ROUTER_NAT were configured: fake and router. Keep only one of them in service_plugins.',
    );
  });

  it('rejects two plugins for one service type and two for one resource', async () => {
    const error = await load({ core_plugin: 'fake', service_plugins: 'qos,other_qos' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceTypeConflictError);
    expect((error as ServiceTypeConflictError).serviceType).toBe('QOS');
    await expect(load({ core_plugin: 'fake', service_plugins: 'stealer' })).rejects.toThrow(ResourceConflictError);
    await expect(load({ core_plugin: 'fake', service_plugins: 'stealer' })).rejects.toThrow('the API resource networks is served by both fake and stealer');
  });

  it('loads plugins that another service plugin requires, and names loaded twice once', async () => {
    const manager = await load({ core_plugin: 'fake', service_plugins: 'trunk,qos', allow_bulk: 'false' });
    // qos is required by trunk, so it comes first; tag and timestamp are installed defaults.
    expect([...manager.getServicePlugins().keys()]).toEqual([CORE, 'QOS', 'trunk', 'TAG', 'timestamp']);
    expect(manager.getUniquePlugins()).toHaveLength(5);
  });

  it('falls back to a module:export spec when the name is no alias', async () => {
    const manager = await load({ core_plugin: './local/my-core.js:MyCore' });
    expect((manager.corePlugin as unknown as { name: string }).name).toBe('./local/my-core.js:MyCore');
    const byPackage = await load({ core_plugin: 'fake-core/core.js:FakeCore' });
    expect(byPackage.corePlugin.constructor.name).toBe('FakeCore');
  });

  it('says where the name was set, what is installed, the close name and which command lists plugins when a name is not installed', async () => {
    const error = await load({ core_plugin: 'fakr' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PluginNotFoundError);
    expect((error as Error).message).toBe(
      'command-line option --core_plugin: cannot load core_plugin = fakr: no installed package provides "fakr". Did you mean "fake"? ' +
        'Installed: broken, fake, future, nothing, picky. Install the package that provides it, or fix core_plugin; ' +
        '`net-server plugins net_server.core_plugins` lists what is installed.',
    );
    await expect(load({ core_plugin: 'fake', service_plugins: 'nope' })).rejects.toThrow(
      /cannot load service_plugins = nope: no installed package provides "nope"\. Installed: other_qos/,
    );
    // A module:export spec that does not import keeps the loader's reason.
    await expect(load({ core_plugin: './local/missing.js:X' })).rejects.toThrow(
      /cannot load core_plugin = \.\/local\/missing\.js:X: ".*" is neither an installed/,
    );
  });

  it('reports a plugin that rejects its configuration as a configuration error naming where the option was set', async () => {
    const error = await load({ core_plugin: 'picky', api_workers: '3' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PluginOptionError);
    expect((error as Error).message).toBe(
      'command-line option --api_workers: [DEFAULT] api_workers: the switch wants an even number. Checked by the picky plugin; correct the value and start again.',
    );
  });

  it('reports plugins that break their contract', async () => {
    await expect(load({ core_plugin: 'broken' })).rejects.toThrow('plugin broken failed while starting: cannot reach the switch. Report this');
    await expect(load({ core_plugin: 'nothing' })).rejects.toThrow(InvalidPluginError);
    await expect(load({ core_plugin: 'fake', service_plugins: 'typeless' })).rejects.toThrow(/typeless has no pluginType/);
  });

  it('runs pre- and post-load checks', async () => {
    const error = await load({ core_plugin: ' ' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PluginValidationError);
    expect((error as Error).message).toBe('plugin configuration is invalid (pre-load check): core_plugin is not configured');
    const seen: string[] = [];
    await expect(
      load(
        { core_plugin: 'fake' },
        {
          preLoadChecks: [(cfg) => (seen.push(`pre:${String(cfg.value('DEFAULT', 'core_plugin'))}`), undefined)],
          postLoadChecks: [(_cfg, directory) => (directory.get('QOS') ? undefined : 'this deployment needs a QOS plugin')],
        },
      ),
    ).rejects.toThrow('plugin configuration is invalid (post-load check): this deployment needs a QOS plugin');
    expect(seen).toEqual(['pre:fake']);
  });

  it('loads a new manager each time, with plugins of its own: no process singleton', async () => {
    const first = await load({ core_plugin: 'fake', service_plugins: 'qos', allow_bulk: 'false' });
    const second = await load({ core_plugin: 'fake', allow_bulk: 'false' });
    expect(second).not.toBe(first);
    expect(second.corePlugin).not.toBe(first.corePlugin);
    expect(first.getPlugin('QOS')).toBeDefined();
    expect(second.getPlugin('QOS')).toBeUndefined();
    expect(second.getPluginForResource('policies')).toBeUndefined();
    expect(first.getPluginForResource('policies')).toBe(first.getPlugin('QOS'));
  });
});
