// The net_server.api.extensions entry point: local_ip.
export { localIpExtensions as extensions } from '../api/definitions.js';
