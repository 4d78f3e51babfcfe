// The net_server.api.extensions entry point: router, ext-gw-mode, extraroute.
export { l3Extensions as extensions } from '../api/definitions.js';
