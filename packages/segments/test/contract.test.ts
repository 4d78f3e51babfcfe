import { servicePluginContract } from '@net-server/testkit';
import { buildPlugins, ml2ServerOptions } from './helpers.js';

buildPlugins();

servicePluginContract('@net-server/segments', { ...ml2ServerOptions('sqlite'), servicePlugin: 'segments', pluginType: 'segments' });
