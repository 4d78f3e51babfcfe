/** The core plugin has no read transactions to count from (net-server's DbBasePlugin and ML2 have). */
export class UnsupportedCorePluginError extends Error {
  readonly code = 'NETWORK_IP_AVAILABILITY_UNSUPPORTED_CORE_PLUGIN';
  constructor() {
    super(
      `The network_ip_availability service plugin counts addresses in the core tables through the core plugin's read ` +
        `transactions (transactions.read of net-server's DbBasePlugin); the loaded core plugin has none. ` +
        `Use core_plugin = ml2 or net-server:DbBasePlugin, or remove network_ip_availability from service_plugins.`,
    );
    this.name = 'UnsupportedCorePluginError';
  }
}
