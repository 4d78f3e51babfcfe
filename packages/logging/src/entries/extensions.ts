// The net_server.api.extensions entry point: logging.
export { loggingExtensions as extensions } from '../api/definitions.js';
