// The net_server.ml2.extension_drivers entry point `qos`: qos_policy_id of networks and ports.
export { QosExtensionDriver } from '../ml2/qos-extension-driver.js';
