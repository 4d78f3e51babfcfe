// The net_server.service_plugins entry point `port_forwarding`.
export { PortForwardingPlugin } from '../plugin/port-forwarding-plugin.js';
