import { NetworkNotFound, type Context, type ListOptions, type ServicePlugin } from '@net-server/lib';
import type { PluginInit } from 'net-server';
import { NETWORK_IP_AVAILABILITY, NETWORK_IP_AVAILABILITY_TYPE } from '../api/definitions.js';
import { asReadableCorePlugin, type ReadableCorePlugin } from './core-access.js';
import { loadIpAvailabilities, type NetworkIpAvailability } from './ip-availability-query.js';

/**
 * The `network_ip_availability` service plugin (neutron's
 * NetworkIPAvailabilityPlugin): read-only address counts per network and
 * subnet, computed from the core plugin's tables on every request. Who may
 * read them is the API's policy (`get_network_ip_availability`, admins by
 * default); `fields` are applied by the API.
 */
export class NetworkIpAvailabilityPlugin implements ServicePlugin {
  readonly pluginType = NETWORK_IP_AVAILABILITY_TYPE;
  readonly pluginDescription = 'Provides IP availability data for each network and subnet.';
  readonly supportedExtensionAliases: readonly string[] = [NETWORK_IP_AVAILABILITY.alias];
  readonly resources: readonly string[] = ['network_ip_availabilities'];
  readonly #core: ReadableCorePlugin;

  constructor(init: PluginInit) {
    this.#core = asReadableCorePlugin(init.directory.corePlugin);
  }

  /** `GET /v2.0/network-ip-availabilities`: filters `network_id`, `network_name`, `tenant_id`/`project_id`, `ip_version`. */
  getNetworkIpAvailabilities(context: Context, options: ListOptions = {}): Promise<NetworkIpAvailability[]> {
    return this.#core.transactions.read(context, (session) => loadIpAvailabilities(session.db, options.filters ?? {}));
  }

  /** `GET /v2.0/network-ip-availabilities/{network_id}`; NetworkNotFound for an unknown network. */
  async getNetworkIpAvailability(context: Context, networkId: string): Promise<NetworkIpAvailability> {
    const [found] = await this.getNetworkIpAvailabilities(context, { filters: { network_id: [networkId] } });
    if (!found) throw new NetworkNotFound({ net_id: networkId });
    return found;
  }
}
