// The net_server.service_plugins entry point `metering`.
export { MeteringPlugin } from '../plugin/metering-plugin.js';
