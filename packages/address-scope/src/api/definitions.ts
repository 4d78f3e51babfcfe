import { ATTR_NOT_SPECIFIED, converters, type AttributeSpec, type ExtensionDescriptor } from '@net-server/lib';

/**
 * The service type of this plugin. neutron has none: its core plugin serves
 * address scopes itself (ML2 inherits AddressScopeDbMixin); net-server's
 * are a service plugin of their own, loaded whenever installed.
 */
export const ADDRESS_SCOPE_SERVICE_TYPE = 'ADDRESS_SCOPE';

/** The attribute subnet pools gain and networks' two derived ones (neutron_lib.api.definitions.address_scope). */
export const ADDRESS_SCOPE_ID = 'address_scope_id';
export const IPV4_ADDRESS_SCOPE = 'ipv4_address_scope';
export const IPV6_ADDRESS_SCOPE = 'ipv6_address_scope';

const NAME_FIELD_SIZE = 255;
const PROJECT_ID_FIELD_SIZE = 255;

const derived: AttributeSpec = { allowPost: false, allowPut: false, isVisible: true };

/**
 * neutron_lib.api.definitions.address_scope ('address-scope'): address
 * scopes, the scope a subnet pool belongs to, and the scopes a network's
 * subnets are in, by IP version.
 */
export const ADDRESS_SCOPE: ExtensionDescriptor = {
  alias: 'address-scope',
  name: 'Address scope',
  description: 'Address scopes extension.',
  updated: '2015-07-26T10:00:00-00:00',
  resourceAttributeMap: {
    address_scopes: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isFilter: true, isSort: true, isVisible: true, primaryKey: true },
      name: {
        allowPost: true,
        allowPut: true,
        default: '',
        validate: { type: 'type:string', arg: NAME_FIELD_SIZE },
        isFilter: true,
        isSort: true,
        isVisible: true,
      },
      tenant_id: {
        allowPost: true,
        allowPut: false,
        validate: { type: 'type:string', arg: PROJECT_ID_FIELD_SIZE },
        requiredByPolicy: true,
        isFilter: true,
        isSort: true,
        isVisible: true,
      },
      shared: {
        allowPost: true,
        allowPut: true,
        default: false,
        convertTo: converters.convertToBoolean,
        isVisible: true,
        isFilter: true,
        isSort: true,
        requiredByPolicy: true,
        enforcePolicy: true,
      },
      ip_version: {
        allowPost: true,
        allowPut: false,
        convertTo: converters.convertToInt,
        validate: { type: 'type:values', arg: [4, 6] },
        isFilter: true,
        isSort: true,
        isVisible: true,
      },
    },
    subnetpools: {
      [ADDRESS_SCOPE_ID]: {
        allowPost: true,
        allowPut: true,
        default: ATTR_NOT_SPECIFIED,
        validate: { type: 'type:uuid_or_none' },
        isFilter: true,
        isSort: true,
        isVisible: true,
      },
    },
    networks: {
      [IPV4_ADDRESS_SCOPE]: derived,
      [IPV6_ADDRESS_SCOPE]: derived,
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.rbac_address_scope: `address_scope` is an object type of `/v2.0/rbac-policies` (address-scope-rbac.ts). */
export const RBAC_ADDRESS_SCOPE: ExtensionDescriptor = {
  alias: 'rbac-address-scope',
  name: 'Add address_scope type to RBAC',
  description: 'Add address_scope type to RBAC',
  updated: '2020-02-12T00:00:00-00:00',
  isShimExtension: true,
  resourceAttributeMap: {},
  requiredExtensions: ['rbac-policies', 'address-scope'],
  optionalExtensions: [],
};

/** The descriptors this package contributes through `net_server.api.extensions`. */
export const addressScopeExtensions: readonly ExtensionDescriptor[] = [ADDRESS_SCOPE, RBAC_ADDRESS_SCOPE];
