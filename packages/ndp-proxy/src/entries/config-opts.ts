// The net_server.config.opts entry point: enable_ndp_proxy_by_default in [DEFAULT].
export { ndpProxyOptionGroups as opts } from '../config/options.js';
