import { servicePluginContract } from '@net-server/testkit';
import { buildPlugins, serverOptions } from './helpers.js';

buildPlugins();

servicePluginContract('@net-server/network-segment-range', {
  ...serverOptions('sqlite', { servicePlugins: [] }),
  servicePlugin: 'network_segment_range',
  pluginType: 'NETWORK_SEGMENT_RANGE',
  sample: { collection: 'network_segment_ranges', body: { network_segment_range: { network_type: 'vxlan', minimum: 7000, maximum: 7001 } } },
});
