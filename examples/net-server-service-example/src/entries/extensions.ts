// The net_server.api.extensions entry point: the network-labels extension.
import { networkLabelsExtension } from '../definitions.js';

export const extensions = [networkLabelsExtension];
