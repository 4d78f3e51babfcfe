// The net_server.api.extensions entry point: segment, subnet-segmentid-writable, l2_adjacency.
export { segmentsExtensions as extensions } from '../api/definitions.js';
