// The "vxlan" entry point of net_server.ml2.type_drivers.
export { VxlanTypeDriver } from '../types/vxlan-type-driver.js';
