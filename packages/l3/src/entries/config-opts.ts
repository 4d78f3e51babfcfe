// The net_server.config.opts entry point: the L3 options of [DEFAULT].
export { l3OptionGroups as opts } from '../config/options.js';
