// The "port_security" entry point of net_server.ml2.extension_drivers.
export { PortSecurityDriver } from '../ext/port-security-driver.js';
