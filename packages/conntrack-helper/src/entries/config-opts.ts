// The net_server.config.opts entry point: allowed_conntrack_helpers in [DEFAULT].
export { conntrackHelperOptionGroups as opts } from '../config/options.js';
