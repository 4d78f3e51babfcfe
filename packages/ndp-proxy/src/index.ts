export { NdpProxyPlugin } from './plugin/ndp-proxy-plugin.js';
export { ENABLE_NDP_PROXY, L3_EXT_NDP_PROXY, L3_NDP_PROXY, NDP_PROXY_SERVICE_TYPE, ndpProxyExtensions } from './api/definitions.js';
export { ndpProxyPolicies } from './api/policies.js';
export { enableNdpProxyByDefault, ndpProxyOptionGroups } from './config/options.js';
export { migrations } from './db/migrations.js';
export type { NdpProxyRow, NdpProxyTables, RouterNdpProxyStateRow } from './db/schema.js';
export { NDP_PROXY_RESOURCE, NDP_PROXY_VERSION } from './rpc/versioned-ndp-proxy.js';
export {
  AddressScopeConflict,
  InvalidAddress,
  NDPProxyNotFound,
  PortUnreachableRouter,
  RouterGatewayInUseByNDPProxy,
  RouterGatewayNotValid,
  RouterInterfaceInUseByNDPProxy,
  RouterIPv6GatewayInUse,
  RouterNDPProxyNotEnable,
} from './errors.js';
