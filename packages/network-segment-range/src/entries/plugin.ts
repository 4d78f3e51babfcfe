// The net_server.service_plugins entry point `network_segment_range`.
export { NetworkSegmentRangePlugin } from '../plugin/network-segment-range-plugin.js';
