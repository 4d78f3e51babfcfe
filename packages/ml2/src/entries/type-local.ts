// The "local" entry point of net_server.ml2.type_drivers.
export { LocalTypeDriver } from '../types/local-type-driver.js';
