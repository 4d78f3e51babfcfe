// The net_server.service_plugins entry point `network_ip_availability`.
export { NetworkIpAvailabilityPlugin } from '../plugin/network-ip-availability-plugin.js';
