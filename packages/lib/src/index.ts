export * from './logger.js';
export * from './plugins/index.js';
export * from './api/index.js';
export * from './config/index.js';
export * from './errors/index.js';
export * from './net/index.js';
