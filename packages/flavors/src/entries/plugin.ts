// The net_server.service_plugins entry point `flavors` (one of neutron's default service plugins).
export { FlavorsPlugin } from '../plugin/flavors-plugin.js';
