import { ATTR_NOT_SPECIFIED, converters, definitions, type AttributeSpec, type ExtensionDescriptor } from '@net-server/lib';

/** The service type of the segments plugin: neutron's SegmentPluginBase.get_plugin_type, the collection name. */
export const SEGMENTS_SERVICE_TYPE = 'segments';

/** The attribute subnets gain (neutron_lib.api.definitions.segment.SEGMENT_ID). */
export const SEGMENT_ID = 'segment_id';
/** The attribute networks gain with `l2_adjacency`. */
export const L2_ADJACENCY_ATTRIBUTE = 'l2_adjacency';

const PROJECT_ID_FIELD_SIZE = 255;
const NAME_FIELD_SIZE = 255;
// neutron_lib.api.definitions.provider_net's limits.
const PHYSICAL_NETWORK_MAX_LEN = 64;
const NETWORK_TYPE_MAX_LEN = 32;

/*
 * Segments are standard-attribute resources in neutron: the `segment`
 * extension requires standard-attr-description and standard-attr-segment
 * adds timestamps and revisions; this package declares them on its
 * collection itself (net-server's API applies the standard-attr-*
 * extensions to the core collections only). Tags are the `tag` plugin's
 * standard-attr-tag, which extends `segments` as this plugin keeps them.
 */
const STANDARD_ATTRIBUTES = { ...definitions.DESCRIPTION_BODY, ...definitions.TIMESTAMP_BODY, ...definitions.REVISION_BODY };

const subnetSegmentId = (allowPut: boolean): AttributeSpec => ({
  allowPost: true,
  allowPut,
  default: null,
  validate: { type: 'type:uuid_or_none' },
  isFilter: true,
  isSort: true,
  isVisible: true,
});

/** neutron_lib.api.definitions.segment ('segment'): the `segments` collection and subnets' `segment_id`. */
export const SEGMENT: ExtensionDescriptor = {
  alias: 'segment',
  name: 'Segment',
  description: 'Segments extension.',
  updated: '2016-02-24T17:00:00-00:00',
  resourceAttributeMap: {
    segments: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isFilter: true, isSort: true, isVisible: true, primaryKey: true },
      tenant_id: { allowPost: true, allowPut: false, validate: { type: 'type:string', arg: PROJECT_ID_FIELD_SIZE }, isVisible: false },
      network_id: { allowPost: true, allowPut: false, validate: { type: 'type:uuid' }, isFilter: true, isSort: true, isVisible: true },
      physical_network: {
        allowPost: true,
        allowPut: false,
        default: ATTR_NOT_SPECIFIED,
        validate: { type: 'type:string', arg: PHYSICAL_NETWORK_MAX_LEN },
        isFilter: true,
        isSort: true,
        isVisible: true,
      },
      network_type: {
        allowPost: true,
        allowPut: false,
        validate: { type: 'type:string', arg: NETWORK_TYPE_MAX_LEN },
        isFilter: true,
        isSort: true,
        isVisible: true,
      },
      segmentation_id: { allowPost: true, allowPut: false, default: ATTR_NOT_SPECIFIED, convertTo: converters.convertToInt, isSort: true, isVisible: true },
      name: {
        allowPost: true,
        allowPut: true,
        default: ATTR_NOT_SPECIFIED,
        validate: { type: 'type:string_or_none', arg: NAME_FIELD_SIZE },
        isFilter: true,
        isSort: true,
        isVisible: true,
      },
      ...STANDARD_ATTRIBUTES,
    },
    subnets: { [SEGMENT_ID]: subnetSegmentId(false) },
  },
  serviceType: SEGMENTS_SERVICE_TYPE,
  requiredExtensions: ['standard-attr-description'],
  optionalExtensions: ['standard-attr-segment'],
};

/** neutron_lib.api.definitions.subnet_segmentid_writable: a subnet may be moved onto a segment. */
export const SUBNET_SEGMENTID_WRITABLE: ExtensionDescriptor = {
  alias: 'subnet-segmentid-writable',
  name: 'Subnet SegmentID (writable)',
  description: 'Provides a writable segment_id attribute for a subnet resource.',
  updated: '2018-03-12T00:00:00-00:00',
  resourceAttributeMap: { subnets: { [SEGMENT_ID]: subnetSegmentId(true) } },
  requiredExtensions: ['segment'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.l2_adjacency: whether a network's ports all share one L2 domain. */
export const L2_ADJACENCY: ExtensionDescriptor = {
  alias: 'l2_adjacency',
  name: 'L2 Adjacency',
  description: 'Display L2 Adjacency for Neutron Networks.',
  updated: '2016-04-12T16:00:00-00:00',
  resourceAttributeMap: { networks: { [L2_ADJACENCY_ATTRIBUTE]: { allowPost: false, allowPut: false, isVisible: true } } },
  requiredExtensions: [],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.standard_attr_segment: segments have the standard attributes (the attributes are SEGMENT's). */
export const STANDARD_ATTR_SEGMENT: ExtensionDescriptor = {
  alias: 'standard-attr-segment',
  name: 'Standard Attribute Segment Extension',
  description: 'Add standard attributes to Segment resource',
  updated: '2018-04-09T10:00:00-00:00',
  isShimExtension: true,
  resourceAttributeMap: {},
  requiredExtensions: ['segment'],
  optionalExtensions: ['standard-attr-description', 'standard-attr-timestamp', 'standard-attr-revisions'],
};

/** neutron_lib.api.definitions.ip_allocation: the attribute and its values. */
export const IP_ALLOCATION_ATTRIBUTE = 'ip_allocation';
export const IP_ALLOCATION_IMMEDIATE = 'immediate';
export const IP_ALLOCATION_DEFERRED = 'deferred';
export const IP_ALLOCATION_NONE = 'none';

/** neutron_lib.api.definitions.ip_allocation ('ip_allocation'): how a port got its addresses. */
export const IP_ALLOCATION: ExtensionDescriptor = {
  alias: 'ip_allocation',
  name: 'IP Allocation',
  description: 'IP allocation extension.',
  updated: '2016-06-10T23:00:00-00:00',
  resourceAttributeMap: { ports: { [IP_ALLOCATION_ATTRIBUTE]: { allowPost: false, allowPut: false, isFilter: true, isSort: true, isVisible: true } } },
  requiredExtensions: [],
  optionalExtensions: [],
};

/** The descriptors this package contributes through `net_server.api.extensions`. */
/** neutron_lib.api.definitions.segments_peer_subnet_host_routes: subnets on segments get host routes to their peers on the other segments. */
export const SEGMENTS_PEER_SUBNET_HOST_ROUTES: ExtensionDescriptor = {
  alias: 'segments-peer-subnet-host-routes',
  name: 'Segments peer-subnet host routes',
  description: 'Add host routes to subnets on a routed network (segments)',
  updated: '2018-06-12T10:00:00-00:00',
  isShimExtension: true,
  resourceAttributeMap: {},
  requiredExtensions: ['segment'],
  optionalExtensions: [],
};

export const segmentsExtensions: readonly ExtensionDescriptor[] = [
  SEGMENT,
  SUBNET_SEGMENTID_WRITABLE,
  L2_ADJACENCY,
  STANDARD_ATTR_SEGMENT,
  IP_ALLOCATION,
  SEGMENTS_PEER_SUBNET_HOST_ROUTES,
];
