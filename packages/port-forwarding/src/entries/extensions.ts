// The net_server.api.extensions entry point: floating IP port forwarding and its four companions.
export { portForwardingExtensions as extensions } from '../api/definitions.js';
