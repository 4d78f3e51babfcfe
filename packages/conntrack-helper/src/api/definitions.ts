import { constants, converters, pluginTypes, type ExtensionDescriptor } from '@net-server/lib';

/** The plugin's service type (neutron_lib.plugins.constants.CONNTRACKHELPER). */
export const CONNTRACK_HELPER_SERVICE_TYPE = pluginTypes.CONNTRACKHELPER;
export const CONNTRACK_HELPERS = 'conntrack_helpers';

/** neutron_lib.api.definitions.l3_conntrack_helper: a router's conntrack helpers, /v2.0/routers/{id}/conntrack_helpers. */
export const L3_CONNTRACK_HELPER: ExtensionDescriptor = {
  alias: 'l3-conntrack-helper',
  name: 'L3 Conntrack helper',
  description: 'Allow adding CT target rules for conntrack helper',
  updated: '2019-04-04T10:00:00-00:00',
  resourceAttributeMap: {},
  subresourceAttributeMap: {
    [CONNTRACK_HELPERS]: {
      parent: { collectionName: 'routers', memberName: 'router' },
      parameters: {
        id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, primaryKey: true, isSort: true, isFilter: true },
        // neutron declares project_id; its API adds tenant_id beside it, as net-server's does from tenant_id.
        tenant_id: { allowPost: true, allowPut: false, validate: { type: 'type:string', arg: 255 }, requiredByPolicy: true, isVisible: false },
        protocol: {
          allowPost: true,
          allowPut: true,
          validate: { type: 'type:values', arg: Object.keys(constants.IPTABLES_PROTOCOL_MAP) },
          isVisible: true,
          convertTo: converters.convertToProtocol,
          isSort: true,
          isFilter: true,
        },
        port: {
          allowPost: true,
          allowPut: true,
          convertTo: converters.convertToInt,
          validate: { type: 'type:range', arg: [1, 65535] },
          isVisible: true,
          isSort: true,
          isFilter: true,
        },
        helper: {
          allowPost: true,
          allowPut: true,
          convertTo: converters.convertToString,
          validate: { type: 'type:string', arg: 64 },
          isVisible: true,
          isSort: true,
          isFilter: true,
        },
      },
    },
  },
  serviceType: CONNTRACK_HELPER_SERVICE_TYPE,
  requiredExtensions: ['router'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.expose_l3_conntrack_helper: a router's `conntrack_helpers`. */
export const EXPOSE_L3_CONNTRACK_HELPER: ExtensionDescriptor = {
  alias: 'expose-l3-conntrack-helper',
  name: 'Expose CT target rules for conntrack helper',
  description: 'Expose allow adding CT target rules for conntrack helper',
  updated: '2019-04-04T10:00:00-00:00',
  resourceAttributeMap: { routers: { [CONNTRACK_HELPERS]: { allowPost: false, allowPut: false, isVisible: true, default: null } } },
  requiredExtensions: ['router', L3_CONNTRACK_HELPER.alias],
  optionalExtensions: [],
};

/** The descriptors this package contributes through `net_server.api.extensions`. */
export const conntrackHelperExtensions: readonly ExtensionDescriptor[] = [L3_CONNTRACK_HELPER, EXPOSE_L3_CONNTRACK_HELPER];
