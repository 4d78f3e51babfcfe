import type { KindTemplate, PluginNames } from './names.js';

export function mechanismDriverTemplate({ alias, className }: PluginNames): KindTemplate {
  const driver = `${className}MechanismDriver`;
  return {
    entryPoint: `./dist/entries/mech.js:${driver}`,
    testSummary: "the testkit's mechanism driver contract, through a real ML2 core plugin",
    files: {
      [`src/${alias}-mechanism-driver.ts`]: `import type { Logger } from '@net-server/lib';
import type { MechanismDriver, MechanismDriverInit, NetworkContext, PortContext } from '@net-server/ml2';

/**
 * The ${alias} ML2 mechanism driver. Every hook is optional: *Precommit
 * hooks run inside the transaction (throw to refuse the change),
 * *Postcommit hooks after it; bindPort binds a port by calling
 * context.setBinding(segmentId, vifType, vifDetails).
 */
export class ${driver} implements MechanismDriver {
  readonly #logger: Logger;

  constructor({ logger }: MechanismDriverInit) {
    this.#logger = logger.child({ driver: '${alias}' });
  }

  createNetworkPostcommit(context: NetworkContext): void {
    this.#logger.info('network created', { network_id: context.current['id'] });
  }

  bindPort(context: PortContext): void {
    // Leave the port to other drivers unless this one can serve the host.
    this.#logger.debug('bind_port', { port_id: context.current['id'], host: context.host });
  }
}
`,
      'src/entries/mech.ts': `// The net_server.ml2.mechanism_drivers entry point "${alias}".
export { ${driver} } from '../${alias}-mechanism-driver.js';
`,
      'src/index.ts': `export { ${driver} } from './${alias}-mechanism-driver.js';
`,
      [`test/${alias}.test.ts`]: `import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, mechanismDriverContract } from '@net-server/testkit';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// ML2 loads the driver through its entry point, which names the built module.
buildIfStale(packageDir);

mechanismDriverContract('${alias}', { root: packageDir, driver: '${alias}' });
`,
    },
  };
}
