import { ATTR_NOT_SPECIFIED, converters, definitions, type AttributeSpec, type ExtensionDescriptor } from '@net-server/lib';

const NAME_FIELD_SIZE = 255;
const LONG_DESCRIPTION_FIELD_SIZE = 1024;
const PROJECT_ID_FIELD_SIZE = 255;

const PROJECT_ID: AttributeSpec = {
  allowPost: true,
  allowPut: false,
  validate: { type: 'type:string', arg: PROJECT_ID_FIELD_SIZE },
  requiredByPolicy: true,
  isFilter: true,
  isSort: true,
  isVisible: true,
};

/**
 * neutron_lib.api.definitions.address_group ('address-group'): named lists
 * of CIDRs a security group rule can name as its remote
 * (`remote_address_group_id`), changed by PUT
 * /v2.0/address-groups/{id}/add_addresses and remove_addresses. `shared`
 * is not shown; it is there for the `shared_address_groups` policy rule.
 */
export const ADDRESS_GROUP: ExtensionDescriptor = {
  alias: 'address-group',
  name: 'Address group',
  description: 'Support address group',
  updated: '2020-07-15T10:00:00-00:00',
  resourceAttributeMap: {
    address_groups: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true, isSort: true, primaryKey: true },
      name: {
        allowPost: true,
        allowPut: true,
        default: '',
        validate: { type: 'type:string', arg: NAME_FIELD_SIZE },
        isFilter: true,
        isSort: true,
        isVisible: true,
      },
      description: {
        allowPost: true,
        allowPut: true,
        default: '',
        validate: { type: 'type:string', arg: LONG_DESCRIPTION_FIELD_SIZE },
        isFilter: true,
        isSort: true,
        isVisible: true,
      },
      project_id: PROJECT_ID,
      // neutron's populate_project_info gives a map with project_id its legacy tenant_id, the same attribute.
      tenant_id: PROJECT_ID,
      addresses: {
        allowPost: true,
        allowPut: false,
        convertTo: converters.convertNoneToEmptyList,
        default: ATTR_NOT_SPECIFIED,
        validate: { type: 'type:subnet_list' },
        isVisible: true,
      },
      shared: {
        allowPost: false,
        allowPut: false,
        default: false,
        convertTo: converters.convertToBoolean,
        isVisible: false,
        isFilter: false,
        isSort: false,
      },
      // Standard attributes (the model's HasStandardAttributes); description is the group's own, longer one.
      ...definitions.TIMESTAMP_BODY,
      ...definitions.REVISION_BODY,
    },
  },
  actionMap: { address_group: { add_addresses: 'PUT', remove_addresses: 'PUT' } },
  requiredExtensions: ['security-group'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.rbac_address_groups: `address_group` is an object type of `/v2.0/rbac-policies` (address-group-rbac.ts). */
export const RBAC_ADDRESS_GROUP: ExtensionDescriptor = {
  alias: 'rbac-address-group',
  name: 'Add address_group type to RBAC',
  description: 'Add address_group type to network RBAC',
  updated: '2021-01-20T00:00:00-00:00',
  isShimExtension: true,
  resourceAttributeMap: {},
  requiredExtensions: ['rbac-policies', 'security-group'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.security_groups_remote_address_group: a rule's remote may be an address group. */
export const SECURITY_GROUPS_REMOTE_ADDRESS_GROUP: ExtensionDescriptor = {
  alias: 'security-groups-remote-address-group',
  name: 'Remote address group id field for security group rules',
  description: 'Add new field of remote address group id in SG rules',
  updated: '2020-08-25T10:00:00-00:00',
  resourceAttributeMap: {
    security_group_rules: {
      remote_address_group_id: { allowPost: true, allowPut: false, default: null, isVisible: true, isSort: true, isFilter: true },
    },
  },
  requiredExtensions: ['security-group'],
  optionalExtensions: [],
};

/** The aliases ML2 supports for address groups. */
export const ADDRESS_GROUP_ALIASES: readonly string[] = [ADDRESS_GROUP.alias, RBAC_ADDRESS_GROUP.alias, SECURITY_GROUPS_REMOTE_ADDRESS_GROUP.alias];
