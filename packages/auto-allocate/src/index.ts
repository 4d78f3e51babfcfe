export { AutoAllocatePlugin, CHECK_REQUIREMENTS } from './plugin/auto-allocate-plugin.js';
export { AUTO_ALLOCATE_SERVICE_TYPE, AUTO_ALLOCATED_TOPOLOGY, IS_DEFAULT, autoAllocateExtensions } from './api/definitions.js';
export { autoAllocatePolicies } from './api/policies.js';
export { migrations } from './db/migrations.js';
export type { AutoAllocatedTopologyRow, AutoAllocateTables } from './db/schema.js';
export { AutoAllocationFailure, DefaultExternalNetworkExists } from './errors.js';
