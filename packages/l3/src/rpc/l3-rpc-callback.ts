import { constants, getAdminContext, InvalidInput, NotFound, defineNeutronException, type Logger, type ResourceDict } from '@net-server/lib';
import { filtersArg, optionalStringArg, stringArg, Target } from '@net-server/rpc';
import { l3View } from '../db/schema.js';
import { FloatingIPNotFound } from '../errors.js';
import type { L3CorePlugin } from '../plugin/core-access.js';
import type { FloatingIps } from '../plugin/floating-ips.js';
import type { RouterScheduling } from '../scheduler/router-scheduling.js';
import { HA_INTERFACE_KEY, withHaSyncData } from './ha-sync-data.js';
import type { RouterSyncData } from './sync-data.js';

type Args = Record<string, unknown>;

/** neutron_lib.exceptions.agent.AgentNotFoundByTypeHost. */
export const AgentNotFoundByTypeHost = defineNeutronException<{ agent_type: unknown; host: unknown }>(
  NotFound,
  'AgentNotFoundByTypeHost',
  'Agent with agent_type=%(agent_type)s and host=%(host)s could not be found',
);

/** neutron's TooManyExternalNetworks (l3_db.get_external_network_id). */
export const TooManyExternalNetworks = defineNeutronException<Record<string, unknown>>(
  InvalidInput,
  'TooManyExternalNetworks',
  'More than one external network exists.',
);

export interface L3RpcDependencies {
  core: L3CorePlugin;
  floatingIps: FloatingIps;
  syncData: RouterSyncData;
  /** Absent when the core plugin has no agents: every router then goes to every agent. */
  scheduling: RouterScheduling | undefined;
  autoSchedule: boolean;
  /** Service types of the loaded plugins (get_service_plugin_list). */
  servicePlugins: () => string[];
  logger: Logger;
}

/**
 * The L3 agent callbacks on `q-l3-plugin` (neutron's L3RpcCallback, RPC
 * API 1.12). Agents call with admin contexts; this answers as admin, as
 * neutron does.
 */
export class L3RpcCallback {
  readonly target = new Target({ version: '1.12' });
  readonly expectedErrors = [AgentNotFoundByTypeHost, TooManyExternalNetworks];
  readonly #deps: L3RpcDependencies;

  constructor(deps: L3RpcDependencies) {
    this.#deps = deps;
  }

  /** Ids of the routers on the agent's host, after binding unhosted routers to it. */
  async get_router_ids(_context: unknown, args: Args): Promise<string[]> {
    const host = stringArg(args, 'host');
    const { scheduling } = this.#deps;
    if (!scheduling) return this.#allRouterIds();
    if (this.#deps.autoSchedule) await scheduling.autoSchedule(host);
    return scheduling.routerIdsOnHost(host);
  }

  /** The routers (all, or `router_ids`) the agent on `host` hosts, with ports and floating IPs. */
  async sync_routers(_context: unknown, args: Args): Promise<ResourceDict[]> {
    const host = optionalStringArg(args, 'host');
    const wanted = Array.isArray(args['router_ids']) ? (args['router_ids'] as unknown[]).map(String) : undefined;
    const { scheduling } = this.#deps;
    let ids: string[];
    if (scheduling && host !== undefined) {
      const onHost = await scheduling.routerIdsOnHost(host);
      ids = wanted ? onHost.filter((id) => wanted.includes(id)) : onHost;
    } else {
      ids = wanted ?? (await this.#allRouterIds());
    }
    let routers = await this.#routers(ids, host);
    if (host === undefined || !this.#bindsPorts()) return routers;
    // neutron's _ensure_host_set_on_ports: router ports bind to the agent's host (again, if binding there failed), then
    // the data is read again, and again while it shows ports not tried yet (a few times at most): an interface added
    // while this ran would otherwise reach the agent unbound, and its L2 agent would find nothing to wire.
    const tried = new Set<string>();
    for (let pass = 0; pass < 3; pass++) {
      const unbound = routers
        .flatMap((router) => [router['gw_port'], router[HA_INTERFACE_KEY], ...(router['_interfaces'] as unknown[])])
        .filter(
          (port): port is ResourceDict =>
            typeof port === 'object' &&
            port !== null &&
            !tried.has(String((port as ResourceDict)['id'])) &&
            ((port as ResourceDict)[constants.HOST_ID] !== host || (port as ResourceDict)[constants.VIF_TYPE] === constants.VIF_TYPE_BINDING_FAILED),
        );
      if (unbound.length === 0) break;
      for (const port of unbound) {
        tried.add(String(port['id']));
        await this.#deps.core.updatePort(getAdminContext(), String(port['id']), { [constants.HOST_ID]: host });
      }
      routers = await this.#routers(ids, host);
    }
    return routers;
  }

  async #routers(ids: readonly string[], host: string | undefined): Promise<ResourceDict[]> {
    const routers = await this.#deps.syncData.routers(ids);
    return withHaSyncData(this.#deps.core, this.#deps.syncData, this.#deps.scheduling, routers, host);
  }

  #bindsPorts(): boolean {
    return this.#deps.core.supportedExtensionAliases?.includes('binding') ?? false;
  }

  /** The only external network's id, null without one (neutron's get_external_network_id). */
  async get_external_network_id(): Promise<string | null> {
    const networks = await this.#deps.core.getNetworks(getAdminContext(), { filters: { 'router:external': [true] } });
    if (networks.length > 1) throw new TooManyExternalNetworks({});
    return networks[0]?.id ?? null;
  }

  /** `fip_statuses`: floating IP id -> status; floating IPs deleted meanwhile are skipped. */
  async update_floatingip_statuses(_context: unknown, args: Args): Promise<void> {
    const statuses = args['fip_statuses'];
    if (typeof statuses !== 'object' || statuses === null) throw new InvalidInput({ error_message: "RPC argument 'fip_statuses' must be a dict" });
    for (const [id, status] of Object.entries(statuses as Record<string, unknown>)) {
      try {
        await this.#deps.floatingIps.get(getAdminContext(), id);
        await this.#deps.floatingIps.updateFloatingipStatus(getAdminContext(), id, String(status));
      } catch (error) {
        if (!(error instanceof FloatingIPNotFound)) throw error;
        this.#deps.logger.debug('floating IP no longer present', { floatingip_id: id });
      }
    }
  }

  /** `states`: router id -> the state (active, standby, ...) of each HA router on the agent on `host` (1.5); others are skipped. */
  async update_ha_routers_states(_context: unknown, args: Args): Promise<void> {
    const host = stringArg(args, 'host');
    const states = args['states'];
    if (typeof states !== 'object' || states === null) throw new InvalidInput({ error_message: "RPC argument 'states' must be a dict" });
    const { scheduling } = this.#deps;
    const binder = scheduling?.haBinder;
    const agentId = scheduling ? await scheduling.agentIdOnHost(host) : undefined;
    if (!binder || agentId === undefined) return;
    const byRouter = Object.fromEntries(Object.entries(states as Record<string, unknown>).map(([id, state]) => [id, String(state)]));
    await this.#deps.core.transactions.write(getAdminContext(), (session) => binder.setStates(session, agentId, byRouter));
  }

  /** The FIP agent gateway port of the agent on `host` on `network_id`, created if missing. */
  async get_agent_gateway_port(_context: unknown, args: Args): Promise<ResourceDict> {
    const host = stringArg(args, 'host');
    const networkId = stringArg(args, 'network_id');
    const admin = getAdminContext();
    const agents = (await this.#deps.scheduling?.liveAgents())?.filter((agent) => agent['host'] === host) ?? [];
    const agent = agents[0];
    if (!agent) throw new AgentNotFoundByTypeHost({ agent_type: constants.AGENT_TYPE_L3, host });
    const agentId = String(agent['id']);
    const existing = await this.#deps.core.getPorts(admin, {
      filters: { network_id: [networkId], device_id: [agentId], device_owner: [constants.DEVICE_OWNER_AGENT_GW] },
    });
    const port =
      existing[0] ??
      (await this.#deps.core.createPort(admin, {
        tenant_id: '',
        network_id: networkId,
        device_id: agentId,
        device_owner: constants.DEVICE_OWNER_AGENT_GW,
        admin_state_up: true,
        name: '',
        [constants.HOST_ID]: host,
      }));
    return (await this.#deps.syncData.portsWithSubnets([port]))[0]!;
  }

  async get_service_plugin_list(): Promise<string[]> {
    return this.#deps.servicePlugins();
  }

  /** HA routers with a port on the agent on `host`, which the agent asks at start (1.11). */
  async get_host_ha_router_count(_context: unknown, args: Args): Promise<number> {
    const host = stringArg(args, 'host');
    const { scheduling } = this.#deps;
    const binder = scheduling?.haBinder;
    const agentId = scheduling ? await scheduling.agentIdOnHost(host) : undefined;
    if (!binder || agentId === undefined) return 0;
    return this.#deps.core.transactions.read(getAdminContext(), (session) => binder.countOnAgent(session, agentId));
  }

  /**
   * The agent on `host` starts a full sync (1.12): neutron sets its HA
   * network ports DOWN so keepalived waits for the L2 agent; the ports are
   * looked up as neutron does (there are none without HA routers).
   */
  async update_all_ha_network_port_statuses(_context: unknown, args: Args): Promise<void> {
    const host = stringArg(args, 'host');
    if (!this.#bindsPorts()) return;
    const admin = getAdminContext();
    const ports = await this.#deps.core.getPorts(admin, {
      filters: { device_owner: [constants.DEVICE_OWNER_ROUTER_HA_INTF], status: [constants.PORT_STATUS_ACTIVE] },
    });
    for (const port of ports.filter((candidate) => candidate[constants.HOST_ID] === host)) {
      await this.#deps.core.updatePort(admin, port.id, { status: constants.PORT_STATUS_DOWN });
    }
  }

  /** The core plugin's networks (1.10; used by out-of-tree interface drivers). */
  async get_networks(_context: unknown, args: Args): Promise<ResourceDict[]> {
    const fields = args['fields'] ?? [];
    if (!Array.isArray(fields)) throw new InvalidInput({ error_message: "RPC argument 'fields' must be a list" });
    return this.#deps.core.getNetworks(getAdminContext(), { filters: filtersArg(args), ...(fields.length > 0 ? { fields: fields.map(String) } : {}) });
  }

  async #allRouterIds(): Promise<string[]> {
    return this.#deps.core.transactions.read(getAdminContext(), async (session) =>
      (await l3View(session.db).selectFrom('routers').select('id').execute()).map((row) => row.id),
    );
  }
}
