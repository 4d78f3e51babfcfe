// The net_server.api.extensions entry point: l3-conntrack-helper and expose-l3-conntrack-helper.
export { conntrackHelperExtensions as extensions } from '../api/definitions.js';
