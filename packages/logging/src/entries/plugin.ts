// The net_server.service_plugins entry point `log`.
export { LoggingPlugin } from '../plugin/logging-plugin.js';
