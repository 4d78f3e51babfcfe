import { servicePluginContract } from '@net-server/testkit';
import { buildPlugins, qosServerOptions } from './helpers.js';

buildPlugins();

servicePluginContract('@net-server/qos', {
  ...qosServerOptions('sqlite'),
  servicePlugin: 'qos',
  pluginType: 'QOS',
  sample: { collection: 'policies', body: { policy: { name: 'contract-sample' } } },
});
