import { randomInt } from 'node:crypto';
import { constants, topics, type Context, type Logger, type ResourceDict } from '@net-server/lib';
import type { Agent } from '../agents/agent.js';
import type { AgentNotifier } from '../rpc/agent-notifier.js';
import type { DhcpAgentScheduling } from './dhcp-agent-scheduling.js';

/** neutron's DHCP notification priorities: the agent works through its queue in this order. */
const PRIORITY = {
  network_create_end: 0,
  network_update_end: 1,
  network_delete_end: 2,
  subnet_create_end: 3,
  subnet_update_end: 3,
  subnet_delete_end: 4,
  port_create_end_first: 5,
  port_create_end: 6,
  port_update_end: 6,
  port_delete_end: 6,
} as const;

export type DhcpResource = 'network' | 'subnet' | 'port';
export type DhcpAction = 'create' | 'update' | 'delete';

/** The port attributes a DHCP agent serves from; other changes (status...) are not its business. */
const DHCP_PORT_ATTRIBUTES = ['fixed_ips', 'mac_address', 'extra_dhcp_opts', 'dns_name', 'dns_assignment', 'dns_domain'];

export interface DhcpAgentNotifierOptions {
  /** dhcp_agent_notification: false sends nothing. */
  enabled: boolean;
  /** enable_services_on_agents_with_admin_state_down: disabled agents are told too. */
  servicesOnDisabledAgents: boolean;
}

/**
 * neutron's DhcpAgentNotifyAPI: network, subnet and port changes are cast
 * to the DHCP agents hosting the network (`dhcp_agent.<host>`), a network's
 * deletion to all (fanout); the first subnet or port of a network not yet
 * hosted schedules it, and the agents that take it are told
 * `network_create_end` first. Each payload carries neutron's priority; a new
 * port goes first to one agent at a higher priority. The change is committed
 * when this runs, so a notification that cannot go out is logged, not
 * thrown: agents resync on their own.
 */
export class DhcpAgentNotifier {
  constructor(
    private readonly notifier: () => AgentNotifier,
    private readonly scheduling: DhcpAgentScheduling,
    private readonly options: DhcpAgentNotifierOptions,
    private readonly logger: Logger,
  ) {}

  /** A committed change; `original` for an update, which a port only needs when DHCP attributes changed. */
  async notify(context: Context, resource: DhcpResource, action: DhcpAction, dict: ResourceDict, original?: ResourceDict): Promise<void> {
    if (!this.options.enabled) return;
    if (
      resource === 'port' &&
      action === 'update' &&
      original &&
      !DHCP_PORT_ATTRIBUTES.some((key) => JSON.stringify(original[key]) !== JSON.stringify(dict[key]))
    )
      return;
    const method = `${resource}_${action}_end`;
    const networkId = String(resource === 'network' ? dict['id'] : dict['network_id']);
    try {
      await this.#notifyAgents(context, method, this.#payload(resource, action, dict), networkId, resource, dict);
    } catch (error) {
      this.logger.error('could not notify DHCP agents', { method, network_id: networkId, error: String(error) });
    }
  }

  /** An admin bound the network to the agent on `host`. */
  networkAddedToAgent(context: Context, networkId: string, host: string): Promise<void> {
    return this.#cast(context, host, 'network_create_end', { network: { id: networkId }, priority: PRIORITY.network_create_end });
  }

  /** The network was unbound from the agent on `host`. */
  networkRemovedFromAgent(context: Context, networkId: string, host: string): Promise<void> {
    return this.#cast(context, host, 'network_delete_end', { network_id: networkId, priority: PRIORITY.network_delete_end });
  }

  /** The agent on `host` was enabled or disabled (it resyncs). */
  agentUpdated(context: Context, adminStateUp: boolean, host: string): Promise<void> {
    return this.#cast(context, host, 'agent_updated', { admin_state_up: adminStateUp });
  }

  #payload(resource: DhcpResource, action: DhcpAction, dict: ResourceDict): Record<string, unknown> {
    if (action !== 'delete') return { [resource]: dict };
    if (resource === 'network') return { network_id: dict['id'] };
    return { [`${resource}_id`]: dict['id'], network_id: dict['network_id'], ...(resource === 'port' ? { fixed_ips: dict['fixed_ips'] } : {}) };
  }

  async #notifyAgents(
    context: Context,
    method: string,
    payload: Record<string, unknown>,
    networkId: string,
    resource: DhcpResource,
    dict: ResourceDict,
  ): Promise<void> {
    // Nobody knows which agents served a deleted network: all are told.
    if (method === 'network_delete_end') {
      await this.notifier().fanout(context, topics.DHCP_AGENT, method, { payload: { ...payload, priority: PRIORITY.network_delete_end } });
      return;
    }
    // A network's creation waits for its first subnet or port, so an admin may place it on agents by hand first.
    if (method === 'network_create_end') return;
    let agents = (await this.scheduling.hosting(context, [networkId])).get(networkId) ?? [];
    const schedules = method === 'subnet_create_end' || (method === 'port_create_end' && dict['device_id'] !== constants.DEVICE_ID_RESERVED_DHCP_PORT);
    if (schedules) {
      const added = await this.scheduling.schedule(context, networkId, agents);
      for (const agent of added) await this.networkAddedToAgent(context, networkId, agent.host);
      agents = [...added, ...agents];
    }
    const enabled = this.options.servicesOnDisabledAgents ? agents : agents.filter((agent) => agent.admin_state_up);
    if (enabled.some((agent) => !agent.alive)) {
      this.logger.warn('Some DHCP agents hosting the network are not alive; they may miss notifications', { network_id: networkId, method, resource });
    }
    if (enabled.length === 0) return;
    let rest: Agent[] = enabled;
    if (method === 'port_create_end') {
      const first = enabled[randomInt(enabled.length)]!;
      await this.#cast(context, first.host, method, { ...payload, priority: PRIORITY.port_create_end_first });
      rest = enabled.filter((agent) => agent !== first);
    }
    const priority = PRIORITY[method as keyof typeof PRIORITY];
    for (const agent of rest) await this.#cast(context, agent.host, method, { ...payload, priority });
  }

  async #cast(context: Context, host: string, method: string, payload: Record<string, unknown>): Promise<void> {
    try {
      await this.notifier().castToHost(context, topics.DHCP_AGENT, host, method, { payload });
    } catch (error) {
      this.logger.error('could not notify a DHCP agent', { method, host, error: String(error) });
    }
  }
}
