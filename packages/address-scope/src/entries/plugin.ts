// The net_server.service_plugins entry point `address_scope`.
export { AddressScopePlugin } from '../plugin/address-scope-plugin.js';
