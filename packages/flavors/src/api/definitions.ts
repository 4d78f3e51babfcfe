import { converters, pluginTypes, type ExtensionDescriptor } from '@net-server/lib';

/** The plugin's service type (neutron_lib.plugins.constants.FLAVORS). */
export const FLAVORS_SERVICE_TYPE = pluginTypes.FLAVORS;
export const FLAVORS = 'flavors';
export const SERVICE_PROFILES = 'service_profiles';
export const NEXT_PROVIDERS = 'next_providers';

// neutron_lib.db.constants: NAME_FIELD_SIZE, LONG_DESCRIPTION_FIELD_SIZE, PROJECT_ID_FIELD_SIZE.
const NAME_SIZE = 255;
const LONG_DESCRIPTION_SIZE = 1024;
const PROJECT_ID_SIZE = 255;

const id = { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true, isSort: true, primaryKey: true } as const;
const description = {
  allowPost: true,
  allowPut: true,
  validate: { type: 'type:string_or_none', arg: LONG_DESCRIPTION_SIZE },
  isFilter: true,
  isSort: true,
  isVisible: true,
  default: '',
} as const;
const tenantId = {
  allowPost: true,
  allowPut: false,
  requiredByPolicy: true,
  validate: { type: 'type:string', arg: PROJECT_ID_SIZE },
  isVisible: true,
} as const;
const enabled = {
  allowPost: true,
  allowPut: true,
  convertTo: converters.convertToBooleanIfNotNone,
  default: true,
  isFilter: true,
  isSort: true,
  isVisible: true,
} as const;

/**
 * neutron_lib.api.definitions.flavors: flavors, service profiles, and a
 * flavor's service profiles (/v2.0/flavors/{id}/service_profiles). The
 * `service_type` of a flavor is neutron's `type:service_plugin_type`, which
 * the plugin checks against the loaded plugins (InvalidServiceType).
 */
export const FLAVORS_EXTENSION: ExtensionDescriptor = {
  alias: FLAVORS,
  name: 'Neutron Service Flavors',
  description: 'Flavor specification for Neutron advanced services.',
  updated: '2015-09-17T10:00:00-00:00',
  resourceAttributeMap: {
    [FLAVORS]: {
      id,
      name: { allowPost: true, allowPut: true, validate: { type: 'type:string', arg: NAME_SIZE }, isFilter: true, isSort: true, isVisible: true, default: '' },
      description,
      service_type: { allowPost: true, allowPut: false, isFilter: true, isSort: true, isVisible: true },
      tenant_id: tenantId,
      service_profiles: { allowPost: true, allowPut: true, validate: { type: 'type:uuid_list' }, isVisible: true, default: [] },
      enabled,
    },
    [SERVICE_PROFILES]: {
      id,
      description,
      driver: {
        allowPost: true,
        allowPut: true,
        validate: { type: 'type:string', arg: LONG_DESCRIPTION_SIZE },
        isVisible: true,
        isFilter: true,
        isSort: true,
        default: '',
      },
      metainfo: { allowPost: true, allowPut: true, isVisible: true, isSort: true, default: '' },
      tenant_id: tenantId,
      enabled,
    },
  },
  subresourceAttributeMap: {
    [NEXT_PROVIDERS]: {
      parent: { collectionName: FLAVORS, memberName: 'flavor' },
      parameters: {
        provider: { allowPost: false, allowPut: false, isVisible: true },
        driver: { allowPost: false, allowPut: false, isVisible: true },
        metainfo: { allowPost: false, allowPut: false, isVisible: true },
        tenant_id: tenantId,
      },
    },
    [SERVICE_PROFILES]: {
      parent: { collectionName: FLAVORS, memberName: 'flavor' },
      parameters: {
        id: { allowPost: true, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true },
        tenant_id: tenantId,
      },
    },
  },
  serviceType: FLAVORS_SERVICE_TYPE,
  requiredExtensions: [],
  optionalExtensions: [],
};

/** The descriptors this package contributes through `net_server.api.extensions`. */
export const flavorsExtensions: readonly ExtensionDescriptor[] = [FLAVORS_EXTENSION];
