// The net_server.api.extensions entry point: qos and the QoS extensions built on it.
export { qosExtensions as extensions } from '../api/definitions.js';
