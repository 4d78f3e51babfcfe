import { ATTR_NOT_SPECIFIED, converters, definitions, type AttributeSpec, type ExtensionDescriptor } from '@net-server/lib';
import { TRUNK_SERVICE_TYPE } from '../constants.js';
import { SUBPORTS_VALIDATOR } from './subports-format.js';

const NAME_FIELD_SIZE = 255;
const PROJECT_ID_FIELD_SIZE = 255;

const filterSort = { isFilter: true, isSort: true } as const;

const subPorts: AttributeSpec = {
  allowPost: true,
  allowPut: false,
  default: [],
  convertListTo: converters.convertKvpListToDict,
  validate: { type: SUBPORTS_VALIDATOR },
  enforcePolicy: true,
  isVisible: true,
};

/**
 * neutron_lib.api.definitions.trunk ('trunk'): trunks at /v2.0/trunks, a
 * parent port carrying subports (other ports, each on a VLAN of the parent),
 * and the member actions that change and read the subports. Trunks have
 * neutron's standard attributes (description, timestamps, revisions; tags
 * through the `tag` plugin).
 */
export const TRUNK: ExtensionDescriptor = {
  alias: 'trunk',
  name: 'Trunk Extension',
  description: 'Provides support for trunk ports',
  updated: '2016-01-01T10:00:00-00:00',
  resourceAttributeMap: {
    trunks: {
      admin_state_up: { allowPost: true, allowPut: true, default: true, convertTo: converters.convertToBoolean, ...filterSort, isVisible: true },
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, ...filterSort, isVisible: true, primaryKey: true },
      name: { allowPost: true, allowPut: true, validate: { type: 'type:string', arg: NAME_FIELD_SIZE }, ...filterSort, default: '', isVisible: true },
      tenant_id: {
        allowPost: true,
        allowPut: false,
        requiredByPolicy: true,
        validate: { type: 'type:string', arg: PROJECT_ID_FIELD_SIZE },
        ...filterSort,
        isVisible: true,
      },
      port_id: { allowPost: true, allowPut: false, requiredByPolicy: true, validate: { type: 'type:uuid' }, ...filterSort, isVisible: true },
      status: { allowPost: false, allowPut: false, isSort: true, isVisible: true },
      sub_ports: subPorts,
      ...definitions.DESCRIPTION_BODY,
      ...definitions.TIMESTAMP_BODY,
      ...definitions.REVISION_BODY,
    },
  },
  actionMap: { trunk: { add_subports: 'PUT', remove_subports: 'PUT', get_subports: 'GET' } },
  serviceType: TRUNK_SERVICE_TYPE,
  requiredExtensions: ['binding'],
  // The subports' networks' segmentation, for the `inherit` segmentation type.
  optionalExtensions: ['provider'],
};

/** neutron_lib.api.definitions.trunk_details ('trunk-details'): a parent port shows its trunk and subports. */
export const TRUNK_DETAILS: ExtensionDescriptor = {
  alias: 'trunk-details',
  name: 'Trunk port details',
  description: 'Expose trunk port details',
  updated: '2016-01-01T10:00:00-00:00',
  resourceAttributeMap: {
    ports: { trunk_details: { allowPost: false, allowPut: false, default: ATTR_NOT_SPECIFIED, isVisible: true, enforcePolicy: true, requiredByPolicy: true } },
  },
  requiredExtensions: [TRUNK.alias],
  optionalExtensions: [],
};

/** The descriptors this package contributes through `net_server.api.extensions`. */
export const trunkExtensions: readonly ExtensionDescriptor[] = [TRUNK, TRUNK_DETAILS];
