export * from './agents.js';
export * from './device-owners.js';
export * from './ip.js';
export * from './network-types.js';
export * from './portbindings.js';
export * from './protocols.js';
export * from './statuses.js';
