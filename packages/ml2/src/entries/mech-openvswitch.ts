// The "openvswitch" entry point of net_server.ml2.mechanism_drivers.
export { OpenvswitchDriver } from '../mech/openvswitch-driver.js';
