import type { PluginBase } from './core-plugin.js';

/**
 * A service plugin (neutron_lib.services.base.ServicePluginBase): routers,
 * QoS, trunks, ... One plugin per `pluginType` may be loaded. For each
 * collection in `resources` the server routes API requests to this plugin's
 * resource methods (see `ResourceMethods`); the attributes of those
 * resources come from the extensions named in `supportedExtensionAliases`.
 */
export interface ServicePlugin extends PluginBase {
  /** The service type, e.g. "L3_ROUTER_NAT" or "QOS"; unique per server. */
  readonly pluginType: string;
  readonly supportedExtensionAliases: readonly string[];
  /** One line for logs and the service-providers listing. */
  readonly pluginDescription: string;
  /** Collections served, e.g. ["routers", "floatingips"]. */
  readonly resources?: readonly string[];
}
