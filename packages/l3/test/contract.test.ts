import { buildIfStale, servicePluginContract } from '@net-server/testkit';
import { packageDir } from './helpers.js';

buildIfStale(packageDir);

servicePluginContract('@net-server/l3', {
  root: packageDir,
  servicePlugin: 'router',
  pluginType: 'L3_ROUTER_NAT',
  sample: { collection: 'routers', body: { router: { name: 'contract' } } },
});
