import type { ExtensionDescriptor } from '@net-server/lib';

/** The service type this plugin registers under; one plugin per type runs. */
export const NETWORK_LABELS = 'NETWORK_LABELS';
export const LABEL_MAX_LENGTH = 64;

/** The `network-labels` API extension: the `network_labels` collection. */
export const networkLabelsExtension: ExtensionDescriptor = {
  alias: 'network-labels',
  name: 'Network labels',
  description: 'Free-form labels that projects attach to networks.',
  updated: '2024-06-01T00:00:00-00:00',
  resourceAttributeMap: {
    network_labels: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true, isSort: true, primaryKey: true },
      network_id: { allowPost: true, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true, isSort: true },
      label: { allowPost: true, allowPut: true, validate: { type: 'type:string', arg: LABEL_MAX_LENGTH }, isVisible: true, isFilter: true, isSort: true },
      tenant_id: { allowPost: true, allowPut: false, requiredByPolicy: true, validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true },
    },
  },
  serviceType: NETWORK_LABELS,
  requiredExtensions: [],
  optionalExtensions: [],
};
