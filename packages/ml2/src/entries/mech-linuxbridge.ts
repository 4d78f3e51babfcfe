// The "linuxbridge" entry point of net_server.ml2.mechanism_drivers.
export { LinuxbridgeDriver } from '../mech/linuxbridge-driver.js';
