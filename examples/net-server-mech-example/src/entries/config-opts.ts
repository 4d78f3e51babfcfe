// The net_server.config.opts entry point: [ml2_example].
export { exampleOptions as opts } from '../options.js';
