import { servicePluginContract } from '@net-server/testkit';
import { buildPlugins, meteringServerOptions } from './helpers.js';

buildPlugins();

servicePluginContract('@net-server/metering', {
  ...meteringServerOptions('sqlite'),
  servicePlugins: ['router'],
  servicePlugin: 'metering',
  pluginType: 'METERING',
  sample: { collection: 'metering_labels', body: { metering_label: { name: 'contract', description: 'a label' } } },
});
