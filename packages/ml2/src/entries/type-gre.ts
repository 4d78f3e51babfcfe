// The "gre" entry point of net_server.ml2.type_drivers.
export { GreTypeDriver } from '../types/gre-type-driver.js';
