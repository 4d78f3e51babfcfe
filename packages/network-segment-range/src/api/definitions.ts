import { ATTR_NOT_SPECIFIED, constants, converters, definitions, pluginTypes, type AttributeSpec, type ExtensionDescriptor } from '@net-server/lib';

/** The service type of this plugin (neutron's plugin_constants.NETWORK_SEGMENT_RANGE). */
export const NETWORK_SEGMENT_RANGE_SERVICE_TYPE = pluginTypes.NETWORK_SEGMENT_RANGE;

const NAME_FIELD_SIZE = 255;
const PROJECT_ID_FIELD_SIZE = 255;
// neutron_lib.api.definitions.provider_net.PHYSICAL_NETWORK_MAX_LEN.
const PHYSICAL_NETWORK_MAX_LEN = 64;
/** Any range's bounds, before its type's own (neutron's NETWORK_SEGMENT_RANGE_LIMIT: GRE's, the widest). */
const NETWORK_SEGMENT_RANGE_LIMIT = [constants.MIN_GRE_ID, constants.MAX_GRE_ID];

const PROJECT: AttributeSpec = {
  allowPost: true,
  allowPut: false,
  validate: { type: 'type:string', arg: PROJECT_ID_FIELD_SIZE },
  requiredByPolicy: true,
  isFilter: true,
  isSort: true,
  isVisible: true,
};

/*
 * Ranges are standard-attribute resources in neutron (the model has
 * HasStandardAttributes and tag support): description, timestamps,
 * revisions, and tags through the tag plugin's standard-attr-tag. As for
 * segments, the collection declares them itself.
 */
const STANDARD_ATTRIBUTES = { ...definitions.DESCRIPTION_BODY, ...definitions.TIMESTAMP_BODY, ...definitions.REVISION_BODY };

/**
 * neutron_lib.api.definitions.network_segment_range
 * ('network-segment-range'): the ranges tenant networks' segmentation ids
 * come from, with the ids still free (`available`) and the networks' ids in
 * use by project (`used`).
 */
export const NETWORK_SEGMENT_RANGE: ExtensionDescriptor = {
  alias: 'network-segment-range',
  name: 'Neutron Network Segment Range',
  description: 'Provides support for the network segment range management',
  updated: '2018-11-29T00:00:00-00:00',
  resourceAttributeMap: {
    network_segment_ranges: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isFilter: true, isSort: true, primaryKey: true, isVisible: true },
      name: {
        allowPost: true,
        allowPut: true,
        validate: { type: 'type:string', arg: NAME_FIELD_SIZE },
        default: '',
        isFilter: true,
        isSort: true,
        isVisible: true,
      },
      default: { allowPost: false, allowPut: false, convertTo: converters.convertToBoolean, default: false, isVisible: true },
      shared: { allowPost: true, allowPut: false, convertTo: converters.convertToBoolean, default: true, isVisible: true },
      project_id: PROJECT,
      // neutron's API adds tenant_id beside project_id (populate_project_info); the plugin's dicts have none.
      tenant_id: PROJECT,
      network_type: {
        allowPost: true,
        allowPut: false,
        validate: { type: 'type:values', arg: [...constants.NETWORK_SEGMENT_RANGE_TYPES] },
        default: ATTR_NOT_SPECIFIED,
        isFilter: true,
        isVisible: true,
      },
      physical_network: {
        allowPost: true,
        allowPut: false,
        validate: { type: 'type:string', arg: PHYSICAL_NETWORK_MAX_LEN },
        default: ATTR_NOT_SPECIFIED,
        isFilter: true,
        isVisible: true,
      },
      minimum: {
        allowPost: true,
        allowPut: true,
        convertTo: converters.convertToInt,
        validate: { type: 'type:range', arg: NETWORK_SEGMENT_RANGE_LIMIT },
        isVisible: true,
      },
      maximum: {
        allowPost: true,
        allowPut: true,
        convertTo: converters.convertToInt,
        validate: { type: 'type:range', arg: NETWORK_SEGMENT_RANGE_LIMIT },
        isVisible: true,
      },
      used: { allowPost: false, allowPut: false, isVisible: true },
      available: { allowPost: false, allowPut: false, convertTo: converters.convertNoneToEmptyList, isVisible: true },
      ...STANDARD_ATTRIBUTES,
    },
  },
  serviceType: NETWORK_SEGMENT_RANGE_SERVICE_TYPE,
  requiredExtensions: ['provider'],
  optionalExtensions: [],
};

/** The descriptors this package contributes through `net_server.api.extensions`. */
export const networkSegmentRangeExtensions: readonly ExtensionDescriptor[] = [NETWORK_SEGMENT_RANGE];
