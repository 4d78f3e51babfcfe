export { SegmentsPlugin } from './plugin/segments-plugin.js';
export type { Segments } from './plugin/segments.js';
export { SEGMENT, SUBNET_SEGMENTID_WRITABLE, L2_ADJACENCY, SEGMENTS_SERVICE_TYPE, SEGMENT_ID, L2_ADJACENCY_ATTRIBUTE, segmentsExtensions } from './api/definitions.js';
export { segmentPolicies } from './api/policies.js';
export { migrations } from './db/migrations.js';
export type { SegmentsTables } from './db/schema.js';
export * from './errors.js';
// The segment errors the core plugin's SegmentsCapable contract shares.
export { SegmentInUse, SegmentNotFound } from '@net-server/lib';
