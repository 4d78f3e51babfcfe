import { converters, pluginTypes, type AttributeSpec, type ExtensionDescriptor } from '@net-server/lib';

/** The service type of this plugin (neutron_lib.plugins.constants.METERING). */
export const METERING_SERVICE_TYPE = pluginTypes.METERING;

/** The directions of a label rule (neutron_lib.constants.VALID_DIRECTIONS). */
export const VALID_DIRECTIONS = ['ingress', 'egress'] as const;

const NAME_FIELD_SIZE = 255;
const LONG_DESCRIPTION_FIELD_SIZE = 1024;
const PROJECT_ID_FIELD_SIZE = 255;

/* neutron serves the ids without a UUID check: `?id=33` lists nothing and `/metering-labels/33` is a 404, not a 400. */
const id: AttributeSpec = { allowPost: false, allowPut: false, isVisible: true, isFilter: true, isSort: true, primaryKey: true };
const tenantId: AttributeSpec = {
  allowPost: true,
  allowPut: false,
  requiredByPolicy: true,
  validate: { type: 'type:string', arg: PROJECT_ID_FIELD_SIZE },
  isVisible: true,
};
const flag: AttributeSpec = {
  allowPost: true,
  allowPut: false,
  isVisible: true,
  default: false,
  isFilter: true,
  isSort: true,
  convertTo: converters.convertToBoolean,
};

/**
 * neutron_lib.api.definitions.metering ('metering'): labels and their
 * rules, created and deleted, never updated. neutron's MeteringPlugin
 * serves them under its path prefix, `/v2.0/metering/metering-labels` and
 * `/v2.0/metering/metering-label-rules`.
 */
export const METERING: ExtensionDescriptor = {
  alias: 'metering',
  name: 'Neutron Metering',
  description: 'Neutron Metering extension.',
  updated: '2013-06-12T10:00:00-00:00',
  apiPrefix: '/metering',
  resourceAttributeMap: {
    metering_labels: {
      id,
      name: {
        allowPost: true,
        allowPut: false,
        validate: { type: 'type:string', arg: NAME_FIELD_SIZE },
        isFilter: true,
        isSort: true,
        isVisible: true,
        default: '',
      },
      description: {
        allowPost: true,
        allowPut: false,
        validate: { type: 'type:string', arg: LONG_DESCRIPTION_FIELD_SIZE },
        isFilter: true,
        isSort: true,
        isVisible: true,
        default: '',
      },
      tenant_id: { ...tenantId, isFilter: true, isSort: true },
      shared: flag,
    },
    metering_label_rules: {
      id,
      metering_label_id: {
        allowPost: true,
        allowPut: false,
        validate: { type: 'type:uuid' },
        isFilter: true,
        isSort: true,
        isVisible: true,
        requiredByPolicy: true,
      },
      direction: { allowPost: true, allowPut: false, isVisible: true, isFilter: true, isSort: true, validate: { type: 'type:values', arg: VALID_DIRECTIONS } },
      excluded: flag,
      remote_ip_prefix: {
        allowPost: true,
        allowPut: false,
        isVisible: true,
        requiredByPolicy: true,
        isFilter: true,
        isSort: true,
        validate: { type: 'type:subnet' },
      },
      tenant_id: tenantId,
    },
  },
  serviceType: METERING_SERVICE_TYPE,
  requiredExtensions: [],
  optionalExtensions: [],
};

const prefix = (allowPut: boolean): AttributeSpec => ({
  allowPost: true,
  allowPut,
  isVisible: true,
  requiredByPolicy: false,
  isFilter: true,
  isSort: true,
  default: null,
});

/**
 * neutron_lib.api.definitions.metering_source_and_destination_filters
 * ('metering_source_and_destination_fields'): rules match by
 * `source_ip_prefix` and `destination_ip_prefix` as well, and
 * `remote_ip_prefix` becomes optional and is checked by the plugin (as
 * neutron's extension replaces its definition). Its attributes override
 * METERING's because the plugin lists this alias after `metering`, and the
 * API merges extensions in that order.
 */
export const METERING_SOURCE_AND_DESTINATION_FIELDS: ExtensionDescriptor = {
  alias: 'metering_source_and_destination_fields',
  name: 'Neutron Metering with source and destination filtering',
  description: 'Neutron Metering extension that enables the use of source and destination IP prefixes to create metering label rules.',
  updated: '2020-08-21T08:12:00-00:00',
  resourceAttributeMap: {
    metering_label_rules: { remote_ip_prefix: prefix(false), source_ip_prefix: prefix(true), destination_ip_prefix: prefix(true) },
  },
  requiredExtensions: [METERING.alias],
  optionalExtensions: [],
};

/** The descriptors this package contributes through `net_server.api.extensions`. */
export const meteringExtensions: readonly ExtensionDescriptor[] = [METERING, METERING_SOURCE_AND_DESTINATION_FIELDS];
