// The net_server.service_plugins entry point `qos`.
export { QosPlugin } from '../plugin/qos-plugin.js';
