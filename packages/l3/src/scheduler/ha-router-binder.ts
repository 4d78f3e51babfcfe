import { constants, getAdminContext, type ResourceDict } from '@net-server/lib';
import type { Session } from 'net-server';
import { l3View } from '../db/schema.js';
import type { L3CorePlugin } from '../plugin/core-access.js';
import { haPortName, type HaNetworks } from '../plugin/ha-networks.js';
import type { CandidateAgent } from './l3-scheduler.js';

/** An HA router's port for one agent and the state that agent last reported (neutron's L3HARouterAgentPortBinding). */
export interface HaPortBinding {
  routerId: string;
  portId: string;
  agentId: string | null;
  state: string;
}

/**
 * How HA routers sit on L3 agents (neutron's L3_HA_scheduler_db_mixin and
 * the HA parts of the L3 scheduler): an HA router goes to up to
 * `max_l3_agents_per_router` agents (0: all), least loaded first, each
 * binding with its own `binding_index` and an HA port on the project's HA
 * network (`network:router_ha_interface`, named `HA port tenant <project>`),
 * whose state (`standby` until the agent reports) the agent sets.
 */
export class HaRouterBinder {
  readonly #core: L3CorePlugin;
  readonly #haNetworks: HaNetworks;
  readonly #maxAgents: number;

  constructor(core: L3CorePlugin, haNetworks: HaNetworks, maxAgents: number) {
    this.#core = core;
    this.#haNetworks = haNetworks;
    this.#maxAgents = maxAgents;
  }

  /** The HA routers among `routerIds`, router id -> project. */
  async haRouters(session: Session, routerIds: readonly string[]): Promise<Map<string, string>> {
    if (routerIds.length === 0) return new Map();
    const rows = await l3View(session.db)
      .selectFrom('router_extra_attributes')
      .innerJoin('routers', 'routers.id', 'router_extra_attributes.router_id')
      .select(['routers.id', 'routers.project_id'])
      .where('routers.id', 'in', [...routerIds])
      .where('router_extra_attributes.ha', '=', 1)
      .execute();
    return new Map(rows.map((row) => [String(row.id), String(row.project_id)]));
  }

  /**
   * Binds the HA router to more agents until it has its number, the least
   * loaded of `candidates` first, each with an HA port; returns the agents
   * added.
   */
  async bind(session: Session, routerId: string, projectId: string, candidates: readonly CandidateAgent[]): Promise<ResourceDict[]> {
    const db = l3View(session.db);
    const existing = await db.selectFrom('routerl3agentbindings').select(['l3_agent_id', 'binding_index']).where('router_id', '=', routerId).execute();
    const boundTo = new Set(existing.map((row) => row.l3_agent_id));
    const free = candidates.filter((candidate) => !boundTo.has(String(candidate.agent['id']))).sort((a, b) => a.routerCount - b.routerCount);
    const wanted = this.#maxAgents === 0 ? free.length : Math.max(0, this.#maxAgents - existing.length);
    const chosen = free.slice(0, wanted);
    if (chosen.length === 0) return [];
    const networkId = await this.#haNetworks.ensure(session, projectId);
    let index = existing.reduce((max, row) => Math.max(max, Number(row.binding_index)), 0);
    for (const candidate of chosen) {
      const agentId = String(candidate.agent['id']);
      index += 1;
      await db.insertInto('routerl3agentbindings').values({ router_id: routerId, l3_agent_id: agentId, binding_index: index }).execute();
      const port = await this.#core.createPort(getAdminContext(), {
        tenant_id: '',
        network_id: networkId,
        admin_state_up: true,
        device_id: routerId,
        device_owner: constants.DEVICE_OWNER_ROUTER_HA_INTF,
        name: haPortName(projectId),
      });
      await db.insertInto('ha_router_agent_port_bindings').values({ port_id: port.id, router_id: routerId, l3_agent_id: agentId }).execute();
      candidate.routerCount += 1;
    }
    return chosen.map((candidate) => candidate.agent);
  }

  /** Takes the router off every agent, its HA ports with it (neutron's _unbind_ha_router and _delete_ha_interfaces). */
  async unbind(session: Session, routerId: string): Promise<void> {
    const db = l3View(session.db);
    const ports = await db.selectFrom('ha_router_agent_port_bindings').select('port_id').where('router_id', '=', routerId).execute();
    await db.deleteFrom('ha_router_agent_port_bindings').where('router_id', '=', routerId).execute();
    for (const { port_id: portId } of ports) await this.#core.deletePort(getAdminContext(), portId);
    await db.deleteFrom('routerl3agentbindings').where('router_id', '=', routerId).execute();
  }

  /** The HA port bindings of the routers, on one agent when `agentId` is given. */
  async portBindings(session: Session, routerIds: readonly string[], agentId?: string): Promise<HaPortBinding[]> {
    if (routerIds.length === 0) return [];
    let query = l3View(session.db)
      .selectFrom('ha_router_agent_port_bindings')
      .selectAll()
      .where('router_id', 'in', [...routerIds]);
    if (agentId !== undefined) query = query.where('l3_agent_id', '=', agentId);
    const rows = await query.execute();
    return rows.map((row) => ({ routerId: row.router_id, portId: row.port_id, agentId: row.l3_agent_id, state: String(row.state) }));
  }

  /** HA routers with a port on the agent (get_host_ha_router_count). */
  async countOnAgent(session: Session, agentId: string): Promise<number> {
    const rows = await l3View(session.db).selectFrom('ha_router_agent_port_bindings').select('router_id').where('l3_agent_id', '=', agentId).execute();
    return new Set(rows.map((row) => row.router_id)).size;
  }

  /** Records the states the agent reports (update_ha_routers_states); routers it has no port of are skipped. */
  async setStates(session: Session, agentId: string, states: Readonly<Record<string, string>>): Promise<void> {
    const db = l3View(session.db);
    for (const [routerId, state] of Object.entries(states)) {
      await db.updateTable('ha_router_agent_port_bindings').set({ state }).where('router_id', '=', routerId).where('l3_agent_id', '=', agentId).execute();
    }
  }
}
