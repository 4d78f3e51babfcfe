// The net_server.config.opts entry point of the net-server package itself.
export { serverOptionGroups as opts } from '../config/server-options.js';
