// The net_server.service_plugins entry point `router`.
export { L3RouterPlugin } from '../plugin/l3-router-plugin.js';
