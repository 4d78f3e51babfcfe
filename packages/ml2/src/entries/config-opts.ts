// The net_server.config.opts entry point: [ml2], [ml2_type_*] and [l2pop].
export { ml2OptionGroups as opts } from '../config/options.js';
