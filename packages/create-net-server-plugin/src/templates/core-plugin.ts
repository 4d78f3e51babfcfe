import type { KindTemplate, PluginNames } from './names.js';

export function corePluginTemplate({ alias, className }: PluginNames): KindTemplate {
  const plugin = `${className}CorePlugin`;
  return {
    entryPoint: `./dist/entries/plugin.js:${plugin}`,
    testSummary: "the testkit's core plugin contract",
    files: {
      [`src/${alias}-core-plugin.ts`]: `import { DbBasePlugin, type PluginInit } from 'net-server';

/**
 * The ${alias} core plugin: networks, subnets, subnet pools and ports.
 * It starts from net-server's DbBasePlugin (neutron's NeutronDbPluginV2);
 * add behaviour with this.hooks.add('network' | 'subnet' | 'port', {...})
 * rather than by overriding methods.
 */
export class ${plugin} extends DbBasePlugin {
  constructor(init: PluginInit) {
    super(init);
    this.hooks.add('network', {
      postcommitCreate: (_context, network) => init.logger.info('network created', { network_id: network['id'] }),
    });
  }
}
`,
      'src/entries/plugin.ts': `// The net_server.core_plugins entry point "${alias}".
export { ${plugin} } from '../${alias}-core-plugin.js';
`,
      'src/index.ts': `export { ${plugin} } from './${alias}-core-plugin.js';
`,
      [`test/${alias}.test.ts`]: `import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, corePluginContract } from '@net-server/testkit';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// The server loads the plugin through its entry point, which names the built module.
buildIfStale(packageDir);

corePluginContract('${alias}', { root: packageDir, corePlugin: '${alias}' });
`,
    },
  };
}
