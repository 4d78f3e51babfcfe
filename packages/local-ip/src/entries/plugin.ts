// The net_server.service_plugins entry point `local_ip`.
export { LocalIpPlugin } from '../plugin/local-ip-plugin.js';
