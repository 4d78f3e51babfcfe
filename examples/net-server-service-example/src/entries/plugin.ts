// The net_server.service_plugins entry point "network_labels".
export { NetworkLabelsPlugin } from '../network-labels-plugin.js';
