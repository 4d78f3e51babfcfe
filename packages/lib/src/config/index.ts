export * from './config-type-error.js';
export * from './types.js';
export * from './option.js';
export type * from './config-reader.js';
export * from './plugin-config-error.js';
export * from './suggest.js';
