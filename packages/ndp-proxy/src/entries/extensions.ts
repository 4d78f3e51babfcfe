// The net_server.api.extensions entry point: l3-ndp-proxy and l3-ext-ndp-proxy.
export { ndpProxyExtensions as extensions } from '../api/definitions.js';
