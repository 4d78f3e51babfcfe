// The net_server.service_plugins entry point `ndp_proxy`.
export { NdpProxyPlugin } from '../plugin/ndp-proxy-plugin.js';
