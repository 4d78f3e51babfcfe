// The "l2population" entry point of net_server.ml2.mechanism_drivers.
export { L2populationDriver } from '../mech/l2population-driver.js';
