// The "geneve" entry point of net_server.ml2.type_drivers.
export { GeneveTypeDriver } from '../types/geneve-type-driver.js';
