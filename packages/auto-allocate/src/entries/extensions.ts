// The net_server.api.extensions entry point: auto-allocated-topology.
export { autoAllocateExtensions as extensions } from '../api/definitions.js';
