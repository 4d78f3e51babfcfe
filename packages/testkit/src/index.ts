export { startServer, type StartServerOptions, type TestServer, type OptionValue } from './start-server.js';
export { ApiClient, type ApiResponse, type Identity } from './api-client.js';
export { testTransport, testTransportUrl, type TestTransportOptions } from './test-transport.js';
export { buildIfStale, type BuildOptions } from './build-if-stale.js';
export { corePluginContract, type CorePluginContractOptions } from './contracts/core-plugin-contract.js';
export { mechanismDriverContract, type MechanismDriverContractOptions } from './contracts/mechanism-driver-contract.js';
export { servicePluginContract, type ServicePluginContractOptions } from './contracts/service-plugin-contract.js';
export { pluginInitWith } from './plugin-init-with.js';
export { TestkitError } from './errors.js';
