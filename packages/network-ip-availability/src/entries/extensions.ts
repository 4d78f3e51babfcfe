// The net_server.api.extensions entry point: network-ip-availability.
export { networkIpAvailabilityExtensions as extensions } from '../api/definitions.js';
