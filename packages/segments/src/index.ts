export { SegmentsPlugin } from './plugin/segments-plugin.js';
export type { Segments } from './plugin/segments.js';
export {
  SEGMENT,
  SUBNET_SEGMENTID_WRITABLE,
  L2_ADJACENCY,
  IP_ALLOCATION,
  SEGMENTS_SERVICE_TYPE,
  SEGMENT_ID,
  L2_ADJACENCY_ATTRIBUTE,
  IP_ALLOCATION_ATTRIBUTE,
  IP_ALLOCATION_IMMEDIATE,
  IP_ALLOCATION_DEFERRED,
  IP_ALLOCATION_NONE,
  segmentsExtensions,
} from './api/definitions.js';
export { segmentPolicies } from './api/policies.js';
export { migrations } from './db/migrations.js';
export type { SegmentsTables } from './db/schema.js';
export * from './errors.js';
// The segment errors the core plugin's SegmentsCapable contract shares.
export { SegmentInUse, SegmentNotFound } from '@net-server/lib';
