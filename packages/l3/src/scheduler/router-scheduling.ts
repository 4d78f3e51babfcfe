import { constants, getAdminContext, type Context, type ListOptions, type Logger, type ResourceDict } from '@net-server/lib';
import type { Session } from 'net-server';
import { routerAvailabilityZoneHints } from '../db/router-availability-zone-hints.js';
import { l3View } from '../db/schema.js';
import type { L3CorePlugin } from '../plugin/core-access.js';
import type { HaRouterBinder } from './ha-router-binder.js';
import type { CandidateAgent, L3Scheduler } from './l3-scheduler.js';

/** A router moved off a down agent; `toHost` is absent when no live agent could take it. */
export interface RescheduledRouter {
  routerId: string;
  fromHost: string;
  toHost?: string;
}

/** The core plugin's `agent` extension (ML2's agents table), which L3 agents report to. */
export interface AgentSource {
  getAgents(context: Context, options?: ListOptions): Promise<ResourceDict[]>;
  /** The agent, or the source's AgentNotFound. */
  getAgent(context: Context, id: string): Promise<ResourceDict>;
}

export function agentSource(core: L3CorePlugin): AgentSource | undefined {
  const candidate = core as Partial<AgentSource>;
  return typeof candidate.getAgents === 'function' && typeof candidate.getAgent === 'function' ? (core as unknown as AgentSource) : undefined;
}

/**
 * Routers bound to L3 agents (neutron's L3AgentSchedulerDbMixin with one
 * agent per router, no HA): a router goes to a live, enabled, non-DVR L3
 * agent chosen by the configured scheduler, once, and stays there. A
 * zone-aware scheduler (az_least_routers) takes only agents in the router's
 * availability_zone_hints, else in `defaultZones` (default_availability_zones).
 */
export class RouterScheduling {
  /** Places HA routers (l3-ha) on several agents with their HA ports; set by the plugin. */
  haBinder: HaRouterBinder | undefined;
  readonly #core: L3CorePlugin;
  readonly #agents: AgentSource;
  readonly #scheduler: L3Scheduler;
  readonly #logger: Logger;
  readonly #defaultZones: readonly string[];

  constructor(core: L3CorePlugin, agents: AgentSource, scheduler: L3Scheduler, logger: Logger, defaultZones: readonly string[] = []) {
    this.#core = core;
    this.#agents = agents;
    this.#scheduler = scheduler;
    this.#logger = logger;
    this.#defaultZones = defaultZones;
  }

  /** L3 agents that may take routers: alive, administratively up, not DVR compute-node agents. */
  async liveAgents(): Promise<ResourceDict[]> {
    const agents = await this.#agents.getAgents(getAdminContext(), { filters: { agent_type: [constants.AGENT_TYPE_L3] } });
    return agents.filter((agent) => agent['alive'] === true && agent['admin_state_up'] === true && agentMode(agent) !== constants.L3_AGENT_MODE_DVR);
  }

  /**
   * Binds the routers not bound yet; returns the bindings made, router id ->
   * agent. Another server binding one of them at the same time makes the
   * insert fail on the router's binding index, and the retry finds it bound.
   */
  async schedule(routerIds: readonly string[]): Promise<Map<string, ResourceDict>> {
    // Most changes are to routers already bound: find that out with a read, before asking for agents or taking a write lock.
    if ((await this.#unbound(routerIds)).length === 0) return new Map();
    const agents = await this.liveAgents();
    if (agents.length === 0) return new Map();
    const made = await this.#core.transactions.write(getAdminContext(), async (session) => {
      const db = l3View(session.db);
      const bound = new Map<string, ResourceDict>();
      const unbound = await this.#unbound(routerIds);
      const counts = await this.#routerCounts(agents.map((agent) => String(agent['id'])));
      const candidates: CandidateAgent[] = agents.map((agent) => ({ agent, routerCount: counts.get(String(agent['id'])) ?? 0 }));
      const hints = this.#scheduler.zoneAware ? await routerAvailabilityZoneHints.ofRouters(db, unbound) : new Map<string, string[]>();
      const ha = (await this.haBinder?.haRouters(session, unbound)) ?? new Map<string, string>();
      const distributed = await distributedRouters(session, unbound);
      for (const id of unbound) {
        const zones = hints.get(id) ?? this.#defaultZones;
        const inZones =
          this.#scheduler.zoneAware && zones.length > 0
            ? candidates.filter((candidate) => zones.includes(String(candidate.agent['availability_zone'])))
            : candidates;
        const eligible = inZones.filter((candidate) => mayHost(candidate.agent, distributed.has(id)));
        if (eligible.length === 0) continue;
        const project = ha.get(id);
        if (project !== undefined && this.haBinder) {
          const agentsBound = await this.haBinder.bind(session, id, project, eligible);
          if (agentsBound[0]) bound.set(id, agentsBound[0]);
          continue;
        }
        const chosen = this.#scheduler.choose(eligible);
        await db
          .insertInto('routerl3agentbindings')
          .values({ router_id: id, l3_agent_id: String(chosen.agent['id']) })
          .execute();
        chosen.routerCount += 1;
        bound.set(id, chosen.agent);
      }
      return bound;
    });
    for (const [routerId, agent] of made)
      this.#logger.info('router scheduled', { router_id: routerId, agent_id: agent['id'], host: agent['host'], scheduler: this.#scheduler.name });
    return made;
  }

  /** Those of `routerIds` that exist and no agent hosts (inside a write, as of that transaction). */
  async #unbound(routerIds: readonly string[]): Promise<string[]> {
    if (routerIds.length === 0) return [];
    return this.#core.transactions.read(getAdminContext(), async (session) => {
      const rows = await l3View(session.db)
        .selectFrom('routers')
        .leftJoin('routerl3agentbindings', 'routerl3agentbindings.router_id', 'routers.id')
        .select('routers.id')
        .where('routers.id', 'in', [...routerIds])
        .where('routerl3agentbindings.router_id', 'is', null)
        .execute();
      return rows.map((row) => String(row.id));
    });
  }

  /**
   * neutron's reschedule_routers_from_down_agents: bindings to L3 agents
   * that are administratively up but have not reported for twice
   * `agentDownTime` seconds (so a briefly late agent keeps its routers)
   * are dropped and the routers scheduled again to live agents. Returns
   * what moved.
   */
  async rescheduleFromDownAgents(agentDownTime: number, now = new Date()): Promise<RescheduledRouter[]> {
    const agents = await this.#agents.getAgents(getAdminContext(), { filters: { agent_type: [constants.AGENT_TYPE_L3] } });
    const cutoff = now.getTime() - 2 * agentDownTime * 1000;
    const down = agents.filter((agent) => agent['admin_state_up'] === true && heartbeat(agent) < cutoff);
    if (down.length === 0) return [];
    const downIds = down.map((agent) => String(agent['id']));
    // Every server runs this task: a binding is this server's to move only if its delete is the one that removed it,
    // so that a router is rescheduled, and its agents told, once.
    const dropped = await this.#core.transactions.write(getAdminContext(), async (session) => {
      const db = l3View(session.db);
      const rows = await db.selectFrom('routerl3agentbindings').select(['router_id', 'l3_agent_id']).where('l3_agent_id', 'in', downIds).execute();
      const removed: typeof rows = [];
      for (const row of rows) {
        const deleted = await db
          .deleteFrom('routerl3agentbindings')
          .where('router_id', '=', row.router_id)
          .where('l3_agent_id', '=', row.l3_agent_id)
          .executeTakeFirst();
        if (Number(deleted.numDeletedRows) > 0) removed.push(row);
      }
      return removed;
    });
    if (dropped.length === 0) return [];
    const made = await this.schedule(dropped.map((row) => row.router_id));
    return dropped.map((row) => {
      const from = down.find((agent) => agent['id'] === row.l3_agent_id)!;
      const to = made.get(row.router_id);
      this.#logger.warn('router rescheduled from a down L3 agent', { router_id: row.router_id, from_host: from['host'], to_host: to?.['host'] ?? null });
      return { routerId: row.router_id, fromHost: String(from['host']), ...(to ? { toHost: String(to['host']) } : {}) };
    });
  }

  /** neutron's auto_schedule_routers: the agent on `host` takes every router no agent hosts. */
  async autoSchedule(host: string): Promise<void> {
    const agent = (await this.liveAgents()).find((candidate) => candidate['host'] === host);
    if (!agent) return;
    await this.#core.transactions.write(getAdminContext(), async (session) => {
      const db = l3View(session.db);
      const unbound = await db
        .selectFrom('routers')
        .leftJoin('routerl3agentbindings', 'routerl3agentbindings.router_id', 'routers.id')
        .select('routers.id')
        .where('routerl3agentbindings.router_id', 'is', null)
        .where('routers.admin_state_up', '=', 1)
        .execute();
      const ha =
        (await this.haBinder?.haRouters(
          session,
          unbound.map((row) => String(row.id)),
        )) ?? new Map<string, string>();
      const distributed = await distributedRouters(
        session,
        unbound.map((row) => String(row.id)),
      );
      const legacy = unbound.filter((row) => !ha.has(String(row.id)) && mayHost(agent, distributed.has(String(row.id))));
      if (legacy.length > 0) {
        await db
          .insertInto('routerl3agentbindings')
          .values(legacy.map((row) => ({ router_id: String(row.id), l3_agent_id: String(agent['id']) })))
          .execute();
      }
      await this.#autoScheduleHa(session, agent);
    });
  }

  /** HA routers that have fewer agents than they may have take the agent too (neutron's _schedule_ha_routers_to_additional_agent). */
  async #autoScheduleHa(session: Session, agent: ResourceDict): Promise<void> {
    if (!this.haBinder) return;
    const db = l3View(session.db);
    const routers = await db
      .selectFrom('routers')
      .innerJoin('router_extra_attributes', 'router_extra_attributes.router_id', 'routers.id')
      .select(['routers.id', 'routers.project_id', 'router_extra_attributes.distributed'])
      .where('router_extra_attributes.ha', '=', 1)
      .where('routers.admin_state_up', '=', 1)
      .execute();
    for (const router of routers.filter((row) => mayHost(agent, Boolean(row.distributed))))
      await this.haBinder.bind(session, String(router.id), String(router.project_id), [{ agent, routerCount: 0 }]);
  }

  /** Ids of the routers bound to the L3 agent on `host`. */
  async routerIdsOnHost(host: string): Promise<string[]> {
    const agent = await this.#agentOnHost(host);
    return agent ? this.#routerIdsBoundTo(String(agent['id'])) : [];
  }

  /** Ids of the routers bound to the agent (neutron's list_routers_on_l3_agent); the agent source's AgentNotFound for an unknown agent. */
  async routerIdsOnAgent(agentId: string): Promise<string[]> {
    await this.#agents.getAgent(getAdminContext(), agentId);
    return this.#routerIdsBoundTo(agentId);
  }

  #routerIdsBoundTo(agentId: string): Promise<string[]> {
    return this.#core.transactions.read(getAdminContext(), async (session) => {
      const rows = await l3View(session.db).selectFrom('routerl3agentbindings').select('router_id').where('l3_agent_id', '=', agentId).execute();
      return rows.map((row) => row.router_id);
    });
  }

  /** The L3 agents a router is bound to (neutron's list_l3_agents_hosting_router). */
  async agentsHosting(routerIds: readonly string[]): Promise<Map<string, ResourceDict[]>> {
    const hosting = new Map<string, ResourceDict[]>();
    if (routerIds.length === 0) return hosting;
    const rows = await this.#core.transactions.read(getAdminContext(), (session) =>
      l3View(session.db)
        .selectFrom('routerl3agentbindings')
        .selectAll()
        .where('router_id', 'in', [...routerIds])
        .execute(),
    );
    if (rows.length === 0) return hosting;
    const agents = await this.#agents.getAgents(getAdminContext(), { filters: { id: [...new Set(rows.map((row) => row.l3_agent_id))] } });
    const states = await this.#haStates(routerIds);
    for (const row of rows) {
      const agent = agents.find((candidate) => candidate['id'] === row.l3_agent_id);
      // neutron's L3_HA_scheduler_db_mixin: each agent with the router's HA state there, null for a router that is not HA.
      const haState = states.get(`${row.router_id}/${row.l3_agent_id}`) ?? null;
      if (agent) hosting.set(row.router_id, [...(hosting.get(row.router_id) ?? []), { ...agent, ha_state: haState }]);
    }
    return hosting;
  }

  /** The hosts of the agents (for notifications to agents a router left). */
  async hostsOf(agentIds: readonly string[]): Promise<string[]> {
    if (agentIds.length === 0) return [];
    const agents = await this.#agents.getAgents(getAdminContext(), { filters: { id: [...agentIds] } });
    return agents.map((agent) => String(agent['host']));
  }

  /** The id of the L3 agent on `host`, if one reported. */
  async agentIdOnHost(host: string): Promise<string | undefined> {
    const agent = await this.#agentOnHost(host);
    return agent ? String(agent['id']) : undefined;
  }

  async #agentOnHost(host: string): Promise<ResourceDict | undefined> {
    const agents = await this.#agents.getAgents(getAdminContext(), { filters: { agent_type: [constants.AGENT_TYPE_L3], host: [host] } });
    return agents[0];
  }

  async #routerCounts(agentIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.#core.transactions.read(getAdminContext(), (session) =>
      l3View(session.db)
        .selectFrom('routerl3agentbindings')
        .select('l3_agent_id')
        .where('l3_agent_id', 'in', [...agentIds])
        .execute(),
    );
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.l3_agent_id, (counts.get(row.l3_agent_id) ?? 0) + 1);
    return counts;
  }

  /** "router/agent" -> the HA state reported there, for the HA routers among `routerIds`. */
  async #haStates(routerIds: readonly string[]): Promise<Map<string, string>> {
    const binder = this.haBinder;
    if (!binder) return new Map();
    const bindings = await this.#core.transactions.read(getAdminContext(), (session) => binder.portBindings(session, routerIds));
    return new Map(bindings.map((binding) => [`${binding.routerId}/${binding.agentId}`, binding.state]));
  }
}

/** The agent's last report (the `agent` extension's UTC "YYYY-MM-DD hh:mm:ss"), in ms; unknown reads as never. */
function heartbeat(agent: ResourceDict): number {
  const value = agent['heartbeat_timestamp'];
  const parsed = typeof value === 'string' ? Date.parse(`${value.replace(' ', 'T')}Z`) : Number.NaN;
  return Number.isNaN(parsed) ? 0 : parsed;
}

/**
 * neutron's get_l3_agent_candidates: a distributed router's centralized part
 * goes to dvr_snat agents only (a legacy agent cannot build a DVR router);
 * other routers to legacy and dvr_snat agents.
 */
function mayHost(agent: ResourceDict, distributed: boolean): boolean {
  return !distributed || agentMode(agent) === constants.L3_AGENT_MODE_DVR_SNAT;
}

/** The distributed routers among `routerIds`. */
async function distributedRouters(session: Session, routerIds: readonly string[]): Promise<Set<string>> {
  if (routerIds.length === 0) return new Set();
  const rows = await l3View(session.db)
    .selectFrom('router_extra_attributes')
    .select('router_id')
    .where('router_id', 'in', [...routerIds])
    .where('distributed', '=', 1)
    .execute();
  return new Set(rows.map((row) => row.router_id));
}

function agentMode(agent: ResourceDict): unknown {
  const configurations = agent['configurations'];
  return typeof configurations === 'object' && configurations !== null ? (configurations as Record<string, unknown>)['agent_mode'] : undefined;
}
