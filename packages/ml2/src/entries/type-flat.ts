// The "flat" entry point of net_server.ml2.type_drivers.
export { FlatTypeDriver } from '../types/flat-type-driver.js';
