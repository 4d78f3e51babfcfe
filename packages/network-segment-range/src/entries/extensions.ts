// The net_server.api.extensions entry point: network-segment-range.
export { networkSegmentRangeExtensions as extensions } from '../api/definitions.js';
