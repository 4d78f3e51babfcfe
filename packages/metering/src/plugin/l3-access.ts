import { routerPluginIn } from '@net-server/l3';
import { constants, getAdminContext, type Context, type ListOptions, type ResourceDict } from '@net-server/lib';
import type { PluginDirectory } from 'net-server';

/** The L3 agent scheduler extension (neutron_lib.constants.L3_AGENT_SCHEDULER_EXT_ALIAS). */
export const L3_AGENT_SCHEDULER = 'l3_agent_scheduler';

/** What metering reads of the core plugin: gateway ports, and the agents (ML2's `agent` extension). */
interface CoreReads {
  getPorts(context: Context, options?: ListOptions): Promise<ResourceDict[]>;
  getAgents?(context: Context, options?: ListOptions): Promise<ResourceDict[]>;
}

/**
 * The routers and L3 agents the metering plugin meters and notifies,
 * through the loaded plugins' published methods (looked up when used: the
 * router plugin may load after this one), as neutron's metering plugin
 * asks the plugin directory for the L3 plugin. Without a router plugin
 * there is nothing to meter.
 */
export class L3Access {
  readonly #directory: PluginDirectory;

  constructor(directory: PluginDirectory) {
    this.#directory = directory;
  }

  get loaded(): boolean {
    return routerPluginIn(this.#directory, ['getRouters']) !== undefined;
  }

  /** Whether routers are scheduled to L3 agents (neutron notifies their hosts then, else every metering agent). */
  get scheduling(): boolean {
    const plugin = routerPluginIn(this.#directory, ['supportedExtensionAliases', 'getRouterL3Agents', 'getAgentL3Routers']);
    return plugin !== undefined && plugin.supportedExtensionAliases.includes(L3_AGENT_SCHEDULER);
  }

  /** The routers the context sees, those of `projects` when given. */
  async routers(context: Context, projects?: readonly string[]): Promise<ResourceDict[]> {
    const plugin = routerPluginIn(this.#directory, ['getRouters']);
    if (plugin === undefined || (projects !== undefined && projects.length === 0)) return [];
    return plugin.getRouters(context, projects === undefined ? {} : { filters: { project_id: [...projects] } });
  }

  /** Router id -> its gateway port's id, for the routers that have one. */
  async gatewayPorts(routerIds: readonly string[]): Promise<Map<string, string>> {
    if (routerIds.length === 0) return new Map();
    const core = this.#directory.corePlugin as unknown as CoreReads;
    const ports = await core.getPorts(getAdminContext(), { filters: { device_id: [...routerIds], device_owner: [constants.DEVICE_OWNER_ROUTER_GW] } });
    return new Map(ports.map((port) => [String(port['device_id']), String(port['id'])]));
  }

  /**
   * The hosts of the live, enabled L3 agents hosting the router (neutron's
   * get_l3_agents_hosting_routers with admin_state_up and active); none for
   * a router deleted meanwhile.
   */
  async hostsOf(routerId: string): Promise<string[]> {
    const plugin = routerPluginIn(this.#directory, ['getRouterL3Agents']);
    if (plugin === undefined) return [];
    let agents: ResourceDict[];
    try {
      agents = await plugin.getRouterL3Agents(getAdminContext(), routerId);
    } catch (error) {
      if ((error as { httpStatus?: unknown }).httpStatus === 404) return [];
      throw error;
    }
    return agents.filter((agent) => agent['alive'] === true && agent['admin_state_up'] === true).map((agent) => String(agent['host']));
  }

  /**
   * The ids of the routers the L3 agents on `host` host (neutron's
   * list_routers_on_l3_agent for each of get_l3_agents(host)); undefined
   * when no L3 agent runs there.
   */
  async routerIdsOnHost(host: string): Promise<string[] | undefined> {
    const plugin = routerPluginIn(this.#directory, ['getAgentL3Routers']);
    const core = this.#directory.corePlugin as unknown as CoreReads;
    if (plugin === undefined || core.getAgents === undefined) return undefined;
    const admin = getAdminContext();
    const agents = await core.getAgents(admin, { filters: { host: [host], agent_type: [constants.AGENT_TYPE_L3] } });
    if (agents.length === 0) return undefined;
    const ids: string[] = [];
    for (const agent of agents) ids.push(...(await plugin.getAgentL3Routers(admin, String(agent['id']))).map((router) => String(router['id'])));
    return ids;
  }
}
