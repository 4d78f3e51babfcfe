import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corePluginContract, mechanismDriverContract, servicePluginContract } from '@net-server/testkit';

// The testkit's own package: its node_modules hold net-server and @net-server/ml2 (built), as a plugin's would.
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

corePluginContract("net-server's DbBasePlugin", { root, corePlugin: 'net-server:DbBasePlugin' });

mechanismDriverContract("ML2's logger driver", { root, driver: 'logger' });

servicePluginContract('a tiny in-memory service plugin', {
  root,
  packages: [join(root, 'test/fixtures/widgets-service')],
  servicePlugin: 'widgets',
  pluginType: 'WIDGETS',
  sample: { collection: 'widgets', body: { widget: { name: 'w1' } } },
});
