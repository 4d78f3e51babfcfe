// The net_server.service_plugins entry point `conntrack_helper`.
export { ConntrackHelperPlugin } from '../plugin/conntrack-helper-plugin.js';
