export { NetworkLabelsPlugin } from './network-labels-plugin.js';
export { networkLabelsExtension, NETWORK_LABELS, LABEL_MAX_LENGTH } from './definitions.js';
export { NetworkLabelExists, NetworkLabelNotFound } from './errors.js';
export { migrations, LABELS_TABLE } from './migrations.js';
