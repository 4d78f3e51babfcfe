import { constants, type Context, type Logger, type ResourceDict } from '@net-server/lib';
import type { DbBasePlugin } from 'net-server';
import { dhcpAgentDeviceId } from '../rpc/dhcp-device-id.js';
import { NetworkNotHostedByDhcpAgent } from './dhcp-agent-errors.js';
import type { DhcpAgentNotifier } from './dhcp-agent-notifier.js';
import type { DhcpAgentScheduling } from './dhcp-agent-scheduling.js';

/** What the DHCP agent service needs of the core plugin. */
export type DhcpCore = Pick<DbBasePlugin, 'getNetwork' | 'getNetworks' | 'getPorts' | 'updatePort' | 'transactions'>;

/**
 * The DHCP agent scheduler's operations with their notifications (neutron's
 * DhcpAgentSchedulerDbMixin and the dhcp_agent_scheduler API): networks an
 * admin adds to or removes from agents, the networks of dead agents moved
 * to live ones.
 */
export class DhcpAgentService {
  constructor(
    private readonly core: DhcpCore,
    readonly scheduling: DhcpAgentScheduling,
    readonly notifier: DhcpAgentNotifier,
    private readonly autoSchedule: boolean,
    private readonly logger: Logger,
  ) {}

  /** The networks bound to the agent, as `GET /v2.0/agents/{id}/dhcp-networks` lists them. */
  async networksOnAgent(context: Context, agentId: string): Promise<ResourceDict[]> {
    const ids = await this.scheduling.networkIdsOnAgent(context, agentId);
    return ids.length === 0 ? [] : this.core.getNetworks(context.elevated(), { filters: { id: ids } });
  }

  /** The agents bound to the network, as `GET /v2.0/networks/{id}/dhcp-agents` lists them. */
  async agentsHostingNetwork(context: Context, networkId: string): Promise<ResourceDict[]> {
    return ((await this.scheduling.hosting(context, [networkId])).get(networkId) ?? []).map((agent) => ({ ...agent }));
  }

  /** neutron's add_network_to_dhcp_agent: the network must exist; the agent is told. */
  async addNetworkToAgent(context: Context, agentId: string, networkId: string): Promise<void> {
    await this.core.getNetwork(context.elevated(), networkId);
    const agent = await this.scheduling.add(context, agentId, networkId);
    await this.notifier.networkAddedToAgent(context, networkId, agent.host);
  }

  /**
   * neutron's remove_network_from_dhcp_agent: the agent's DHCP port on the
   * network is kept, reserved (so the next agent reuses its address), and
   * the agent is told unless it is dead.
   */
  async removeNetworkFromAgent(context: Context, agentId: string, networkId: string, notify = true): Promise<void> {
    const admin = context.elevated();
    const agent = await this.core.transactions.write(admin, async () => {
      const unbound = await this.scheduling.remove(admin, agentId, networkId);
      const ports = await this.core.getPorts(admin, { filters: { device_id: [dhcpAgentDeviceId(networkId, unbound.host)] } });
      for (const port of ports) await this.core.updatePort(admin, String(port['id']), { device_id: constants.DEVICE_ID_RESERVED_DHCP_PORT });
      return unbound;
    });
    if (notify) await this.notifier.networkRemovedFromAgent(context, networkId, agent.host);
  }

  /**
   * neutron's remove_networks_from_down_agents: networks of agents dead for
   * twice agent_down_time are unbound (the dead agent is not told, so a
   * restarted one finds no stale deletes) and, with network_auto_schedule,
   * scheduled to live agents, which are told.
   */
  async rescheduleFromDownAgents(context: Context): Promise<void> {
    for (const { networkId, agent } of await this.scheduling.deadBindings(context)) {
      try {
        await this.removeNetworkFromAgent(context, agent.id, networkId, false);
      } catch (error) {
        // Every server runs this task: the server whose unbinding removed the binding moves the network, the others leave it.
        if (error instanceof NetworkNotHostedByDhcpAgent) continue;
        throw error;
      }
      this.logger.warn('Removed a network from a DHCP agent that stopped reporting', { network_id: networkId, agent_id: agent.id, host: agent.host });
      if (!this.autoSchedule) continue;
      for (const added of await this.scheduling.schedule(context, networkId)) await this.notifier.networkAddedToAgent(context, networkId, added.host);
    }
  }
}
