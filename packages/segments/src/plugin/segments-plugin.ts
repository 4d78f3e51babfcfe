import type { Context, ListOptions, ResourceDict, ResourceRequest, ServicePlugin, TagsCapable } from '@net-server/lib';
import type { PluginInit } from 'net-server';
import {
  IP_ALLOCATION,
  L2_ADJACENCY,
  SEGMENT,
  SEGMENTS_PEER_SUBNET_HOST_ROUTES,
  SEGMENTS_SERVICE_TYPE,
  STANDARD_ATTR_SEGMENT,
  SUBNET_SEGMENTID_WRITABLE,
} from '../api/definitions.js';
import { asSegmentsCorePlugin } from './core-access.js';
import { l2AdjacencyHooks } from './l2-adjacency.js';
import { portIpAllocationHooks } from './port-ip-allocation.js';
import { segmentTagsHooks } from './segment-tags.js';
import { Segments } from './segments.js';
import { SegmentHostRoutes } from './segment-host-routes.js';
import { SubnetSegments } from './subnet-segments.js';

/**
 * The `segments` service plugin (neutron's services/segments Plugin):
 * routed networks' segments as a collection of their own, created and
 * released by the core plugin's type drivers (SegmentsCapable), subnets
 * placed on a segment (`segment_id`), networks' `l2_adjacency`, and ports'
 * `ip_allocation`.
 * Segments have the standard attributes (`standard-attr-segment`), tags
 * (TagsCapable, for the `tag` plugin) included.
 */
export class SegmentsPlugin implements ServicePlugin, TagsCapable {
  readonly pluginType = SEGMENTS_SERVICE_TYPE;
  readonly pluginDescription = 'Network Segments';
  readonly supportedExtensionAliases = [
    SEGMENT.alias,
    SUBNET_SEGMENTID_WRITABLE.alias,
    L2_ADJACENCY.alias,
    STANDARD_ATTR_SEGMENT.alias,
    IP_ALLOCATION.alias,
    SEGMENTS_PEER_SUBNET_HOST_ROUTES.alias,
  ];
  readonly resources = ['segments'];
  readonly taggableCollections = ['segments'];
  readonly segments: Segments;

  constructor(init: PluginInit) {
    const core = asSegmentsCorePlugin(init.directory.corePlugin);
    this.segments = new Segments(core);
    core.hooks.add('subnet', new SubnetSegments(core));
    // After SubnetSegments, which stores the subnet's segment the routes depend on.
    core.hooks.add('subnet', new SegmentHostRoutes(core));
    core.hooks.add('network', l2AdjacencyHooks);
    core.hooks.add('network', segmentTagsHooks);
    core.hooks.add('port', portIpAllocationHooks);
  }

  /** TagsCapable: a segment whose tags changed has a new revision. */
  tagsChanged(context: Context, collection: string, id: string): Promise<boolean> {
    return collection === 'segments' ? this.segments.tagsChanged(context, id) : Promise.resolve(false);
  }

  createSegment(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    return this.segments.create(context, body);
  }
  updateSegment(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.segments.update(context, id, body);
  }
  deleteSegment(context: Context, id: string): Promise<void> {
    return this.segments.delete(context, id);
  }
  getSegment(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.segments.get(context, id, fields);
  }
  getSegments(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.segments.list(context, options);
  }
  getSegmentsCount(context: Context, filters?: ListOptions['filters']): Promise<number> {
    return this.segments.count(context, filters);
  }
}
