import { ATTR_NOT_SPECIFIED, converters, definitions, pluginTypes, type ExtensionDescriptor } from '@net-server/lib';

/** The plugin's service type (neutron_lib.plugins.constants.NDPPROXY). */
export const NDP_PROXY_SERVICE_TYPE = pluginTypes.NDPPROXY;

export const NDP_PROXIES = 'ndp_proxies';
export const ENABLE_NDP_PROXY = 'enable_ndp_proxy';
const NAME_FIELD_SIZE = 255;
const PROJECT_ID_FIELD_SIZE = 255;
const LONG_DESCRIPTION_FIELD_SIZE = 255;

/** neutron_lib.api.definitions.l3_ndp_proxy: /v2.0/ndp_proxies, a router's NDP proxy for one IPv6 address of a port. */
export const L3_NDP_PROXY: ExtensionDescriptor = {
  alias: 'l3-ndp-proxy',
  name: 'L3 NDP Proxy',
  description: 'Router support for L3 NDP proxy.',
  updated: '2021-06-29T10:00:00-00:00',
  resourceAttributeMap: {
    [NDP_PROXIES]: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isSort: true, primaryKey: true },
      name: {
        allowPost: true,
        allowPut: true,
        validate: { type: 'type:string', arg: NAME_FIELD_SIZE },
        isFilter: true,
        isSort: true,
        isVisible: true,
        default: '',
      },
      // neutron declares project_id; its API adds tenant_id beside it, as net-server's adds project_id beside tenant_id.
      tenant_id: {
        allowPost: true,
        allowPut: false,
        requiredByPolicy: true,
        isFilter: true,
        validate: { type: 'type:string', arg: PROJECT_ID_FIELD_SIZE },
        isSort: true,
        isVisible: true,
      },
      router_id: { allowPost: true, allowPut: false, validate: { type: 'type:uuid' }, isSort: true, isVisible: true },
      port_id: { allowPost: true, allowPut: false, validate: { type: 'type:uuid' }, isSort: true, isVisible: true },
      ip_address: { allowPost: true, allowPut: false, default: null, validate: { type: 'type:ip_address_or_none' }, isSort: true, isVisible: true },
      description: {
        allowPost: true,
        allowPut: true,
        default: '',
        validate: { type: 'type:string', arg: LONG_DESCRIPTION_FIELD_SIZE },
        isVisible: true,
      },
      // neutron's NDPProxy has standard attributes, which the standard-attr extensions show.
      ...definitions.TIMESTAMP_BODY,
      ...definitions.REVISION_BODY,
    },
  },
  serviceType: NDP_PROXY_SERVICE_TYPE,
  requiredExtensions: ['router'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.l3_ext_ndp_proxy: routers' `enable_ndp_proxy`. */
export const L3_EXT_NDP_PROXY: ExtensionDescriptor = {
  alias: 'l3-ext-ndp-proxy',
  name: 'Router support to enable NDP proxy',
  description: 'Router extension to enable ndp proxy',
  updated: '2020-08-25T00:00:00-00:00',
  resourceAttributeMap: {
    routers: {
      [ENABLE_NDP_PROXY]: {
        allowPost: true,
        allowPut: true,
        convertTo: converters.convertToBooleanIfNotNone,
        default: ATTR_NOT_SPECIFIED,
        isVisible: true,
        isFilter: true,
      },
    },
  },
  requiredExtensions: ['router', 'ext-gw-mode'],
  optionalExtensions: [],
};

/** The descriptors this package contributes through `net_server.api.extensions`. */
export const ndpProxyExtensions: readonly ExtensionDescriptor[] = [L3_NDP_PROXY, L3_EXT_NDP_PROXY];
