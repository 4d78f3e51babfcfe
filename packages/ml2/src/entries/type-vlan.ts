// The "vlan" entry point of net_server.ml2.type_drivers.
export { VlanTypeDriver } from '../types/vlan-type-driver.js';
