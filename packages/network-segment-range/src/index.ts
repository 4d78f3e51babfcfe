export { NetworkSegmentRangePlugin } from './plugin/network-segment-range-plugin.js';
export { networkSegmentRanges } from './plugin/segment-ranges.js';
export { DefaultRanges, defaultRangeId } from './plugin/default-ranges.js';
export { Ml2CorePluginRequiredError } from './plugin/ml2-types.js';
export { NETWORK_SEGMENT_RANGE, NETWORK_SEGMENT_RANGE_SERVICE_TYPE, networkSegmentRangeExtensions } from './api/definitions.js';
export { networkSegmentRangePolicies } from './api/policies.js';
export { migrations } from './db/migrations.js';
export type { NetworkSegmentRangeRow, NetworkSegmentRangeTables } from './db/schema.js';
export * from './errors.js';
