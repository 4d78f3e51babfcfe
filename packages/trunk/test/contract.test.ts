import { servicePluginContract } from '@net-server/testkit';
import { buildPlugins, trunkServerOptions } from './helpers.js';

buildPlugins();

servicePluginContract('@net-server/trunk', {
  ...trunkServerOptions('sqlite'),
  servicePlugins: [],
  servicePlugin: 'trunk',
  pluginType: 'trunk',
});
