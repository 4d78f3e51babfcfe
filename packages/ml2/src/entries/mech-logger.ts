// The "logger" entry point of net_server.ml2.mechanism_drivers.
export { LoggerDriver } from '../mech/logger-driver.js';
