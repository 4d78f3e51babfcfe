import { routerPluginOf } from '@net-server/l3';
import type { Context, ListOptions, ResourceDict, ResourceRequest, ServicePlugin } from '@net-server/lib';
import { requireCoreCapabilities, serveAgentObjects, type PluginInit } from 'net-server';
import {
  EXPOSE_PORT_FORWARDING_IN_FIP,
  FIP_PF_DESCRIPTION,
  FIP_PF_DETAIL,
  FIP_PF_PORT_RANGE,
  FLOATING_IP_PORT_FORWARDING,
  PORT_FORWARDING_SERVICE_TYPE,
} from '../api/definitions.js';
import { portForwardingProducer } from '../rpc/port-forwarding-producer.js';
import { PORT_FORWARDING_RESOURCE, PORT_FORWARDING_VERSION } from '../rpc/versioned-port-forwarding.js';
import { floatingIpForwardingHooks } from './floating-ip-forwardings.js';
import { Forwardings } from './forwardings.js';
import { portForwardingPortHooks } from './port-changes.js';
import { portForwardingSync } from './router-sync.js';

/**
 * The `port_forwarding` service plugin (neutron's PortForwardingPlugin):
 * forwardings of a floating IP's ports to an internal port's address,
 * under /v2.0/floatingips/{id}/port_forwardings, shown on the floating IPs
 * and kept with the core plugin's transactions. It requires the router
 * plugin, loaded before it. With a core plugin that serves agents (ML2's
 * resources pull API and RPC transport), L3 agents pull forwardings and
 * are pushed every change on `neutron-vo-PortForwarding-1.3`.
 */
export class PortForwardingPlugin implements ServicePlugin {
  /** neutron's required_service_plugins: the router plugin loads first. */
  static readonly requiredServicePlugins = ['router'];
  readonly pluginType = PORT_FORWARDING_SERVICE_TYPE;
  readonly pluginDescription = 'Port Forwarding Service Plugin';
  readonly supportedExtensionAliases = [FLOATING_IP_PORT_FORWARDING, EXPOSE_PORT_FORWARDING_IN_FIP, FIP_PF_DESCRIPTION, FIP_PF_PORT_RANGE, FIP_PF_DETAIL].map(
    (extension) => extension.alias,
  );
  // The forwardings are a sub-resource of floating IPs, routed here by their extension.
  readonly resources: readonly string[] = [];
  readonly nativePaginationSupport = true;
  readonly nativeSortingSupport = true;
  readonly forwardings: Forwardings;
  readonly #undo: (() => void)[] = [];

  constructor(init: PluginInit) {
    const core = requireCoreCapabilities(init.directory.corePlugin, 'port_forwarding', ['hooks', 'transactions']);
    const routers = routerPluginOf(init.directory, 'port_forwarding', ['floatingIps', 'routerSyncExtenders']);
    // As neutron's, agents are pushed to only where they can pull (an RPC-serving core plugin).
    const objects = serveAgentObjects(
      core,
      init.logger,
      { resource: PORT_FORWARDING_RESOURCE, version: PORT_FORWARDING_VERSION, description: 'port forwardings to L3 agents' },
      () => portForwardingProducer(core.transactions),
    );
    const push = objects?.push;
    this.forwardings = new Forwardings(core, routers, push);
    const sync = portForwardingSync(core.transactions, routers);
    routers.routerSyncExtenders.add(sync);
    this.#undo.push(routers.floatingIps.hooks.add(floatingIpForwardingHooks), core.hooks.add('port', portForwardingPortHooks(this.forwardings)), () =>
      routers.routerSyncExtenders.delete(sync),
    );
    if (objects) this.#undo.push(objects.withdraw);
  }

  /** Takes this plugin's hooks and producer off the router and core plugins (a reload builds a new one). */
  async close(): Promise<void> {
    for (const undo of this.#undo.splice(0)) undo();
  }

  createFloatingipPortForwarding(context: Context, floatingipId: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.forwardings.create(context, floatingipId, body);
  }
  updateFloatingipPortForwarding(context: Context, id: string, floatingipId: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.forwardings.update(context, id, floatingipId, body);
  }
  deleteFloatingipPortForwarding(context: Context, id: string, floatingipId: string): Promise<void> {
    return this.forwardings.delete(context, id, floatingipId);
  }
  getFloatingipPortForwarding(context: Context, id: string, floatingipId: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.forwardings.get(context, id, floatingipId, fields);
  }
  getFloatingipPortForwardings(context: Context, floatingipId: string, options?: ListOptions): Promise<ResourceDict[]> {
    return this.forwardings.list(context, floatingipId, options);
  }
}
