// The net_server.api.extensions entry point: address-scope.
export { addressScopeExtensions as extensions } from '../api/definitions.js';
