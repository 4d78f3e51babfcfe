// The net_server.api.extensions entry point: trunk, trunk-details.
export { trunkExtensions as extensions } from '../api/definitions.js';
