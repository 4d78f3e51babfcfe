// The net_server.service_plugins entry point `trunk`.
export { TrunkPlugin } from '../plugin/trunk-plugin.js';
