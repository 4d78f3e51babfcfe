// The "dns" entry point of net_server.ml2.extension_drivers.
export { DnsDriver } from '../ext/dns-driver.js';
