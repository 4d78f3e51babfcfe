// The net_server.api.extensions entry point: flavors.
export { flavorsExtensions as extensions } from '../api/definitions.js';
