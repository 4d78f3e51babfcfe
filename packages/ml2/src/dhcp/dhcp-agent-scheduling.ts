import { constants, type Context, type Logger } from '@net-server/lib';
import type { TransactionRunner } from 'net-server';
import type { Agent } from '../agents/agent.js';
import type { AgentsDb } from '../agents/agents-db.js';
import { ml2View } from '../db/ml2-view.js';
import type { Ml2Db } from '../db/schema.js';
import { networkAvailabilityZoneHints } from '../db/network-availability-zone-hints.js';
import { dhcpAgentBindings } from './dhcp-agent-bindings.js';
import type { DhcpAgentChooser } from './dhcp-agent-chooser.js';
import { InvalidDHCPAgent, NetworkHostedByDHCPAgent, NetworkNotHostedByDhcpAgent } from './dhcp-agent-errors.js';

export interface DhcpSchedulingSettings {
  /** dhcp_agents_per_network. */
  agentsPerNetwork: number;
  chooser: DhcpAgentChooser;
  /** agent_down_time, in seconds: an agent silent for twice as long loses its networks. */
  agentDownTime: number;
  /** default_availability_zones: the zones of a network without availability_zone_hints (none: any). */
  defaultAvailabilityZones: readonly string[];
}

/** A network moved off a dead agent: `toHosts` are the agents that took it (none when no live agent could). */
export interface RescheduledNetwork {
  networkId: string;
  fromHost: string;
  toHosts: string[];
}

/**
 * Networks bound to DHCP agents (neutron's DhcpAgentSchedulerDbMixin): a
 * network with DHCP goes to `dhcp_agents_per_network` live, enabled DHCP
 * agents in the zones it asks for (its availability_zone_hints, else
 * default_availability_zones; none: any zone), chosen by
 * `network_scheduler_driver`, when its first subnet or
 * port appears or an agent asks for its networks; an admin may add and
 * remove bindings; networks of agents dead for twice `agent_down_time` move
 * to live ones. Each binding takes a free index below the limit, unique per
 * network, so two servers racing to schedule one network bind it once.
 */
export class DhcpAgentScheduling {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly agents: AgentsDb,
    private readonly settings: DhcpSchedulingSettings,
    private readonly logger: Logger,
  ) {}

  /** The DHCP agents bound to each network, live or not (neutron's get_dhcp_agents_hosting_networks). */
  async hosting(context: Context, networkIds: readonly string[]): Promise<Map<string, Agent[]>> {
    const hosting = new Map<string, Agent[]>();
    if (networkIds.length === 0) return hosting;
    return this.transactions.read(context.elevated(), async (session) => {
      const db = ml2View(session.db);
      const rows = await db
        .selectFrom('ml2_network_dhcp_agent_bindings')
        .selectAll()
        .where('network_id', 'in', [...networkIds])
        .execute();
      const agents = await this.agents.list(db, { ids: [...new Set(rows.map((row) => row.dhcp_agent_id))] });
      for (const row of rows) {
        const agent = agents.find((candidate) => candidate.id === row.dhcp_agent_id);
        if (agent) hosting.set(row.network_id, [...(hosting.get(row.network_id) ?? []), agent]);
      }
      return hosting;
    });
  }

  /**
   * Binds the network to more agents until it has dhcp_agents_per_network
   * (fewer when not enough are eligible): the agents newly bound, for the
   * caller to tell (neutron's schedule_network).
   */
  async schedule(context: Context, networkId: string, hosting?: readonly Agent[]): Promise<Agent[]> {
    if (!(await this.#mayBind(context, networkId, hosting))) return [];
    const made = await this.transactions.write(context.elevated(), async (session) => {
      const db = ml2View(session.db);
      const bound = await dhcpAgentBindings.ofNetwork(db, networkId);
      const wanted = this.settings.agentsPerNetwork - bound.length;
      if (wanted <= 0) return [];
      const taken = new Set(bound.map((row) => row.dhcp_agent_id));
      const eligible = await this.#eligible(db, await this.#zones(db, networkId));
      const candidates = eligible.filter((agent) => !taken.has(agent.id));
      if (candidates.length === 0) return [];
      const counts = await this.#networkCounts(
        db,
        candidates.map((agent) => agent.id),
      );
      const hostingAgents = await this.agents.list(db, { ids: [...taken] });
      const chosen = this.settings.chooser.choose(
        candidates.map((agent) => ({ agent, networks: counts.get(agent.id) ?? 0 })),
        wanted,
        hostingAgents,
      );
      await this.#bind(
        db,
        networkId,
        chosen,
        bound.map((row) => row.binding_index),
      );
      return chosen;
    });
    for (const agent of made)
      this.logger.info('network scheduled to a DHCP agent', {
        network_id: networkId,
        agent_id: agent.id,
        host: agent.host,
        scheduler: this.settings.chooser.name,
      });
    return made;
  }

  /**
   * neutron's auto_schedule_networks: the live DHCP agent on `host` takes the
   * networks with a DHCP-enabled subnet that fewer than
   * dhcp_agents_per_network agents host, and whose zones include its own.
   */
  async autoSchedule(context: Context, host: string): Promise<void> {
    await this.transactions.write(context.elevated(), async (session) => {
      const db = ml2View(session.db);
      const agent = (await this.#eligible(db, [])).find((candidate) => candidate.host === host);
      if (!agent) return;
      const networks = await session.db.selectFrom('subnets').select('network_id').distinct().where('enable_dhcp', '=', 1).execute();
      const hints = await networkAvailabilityZoneHints.ofNetworks(
        db,
        networks.map((row) => row.network_id),
      );
      for (const { network_id: networkId } of networks) {
        const zones = hints.get(networkId) ?? this.settings.defaultAvailabilityZones;
        if (!inZones(agent, zones)) continue;
        const bound = await dhcpAgentBindings.ofNetwork(db, networkId);
        if (bound.length >= this.settings.agentsPerNetwork || bound.some((row) => row.dhcp_agent_id === agent.id)) continue;
        await this.#bind(
          db,
          networkId,
          [agent],
          bound.map((row) => row.binding_index),
        );
      }
    });
  }

  /** Ids of the networks bound to the DHCP agent on `host`, none while it is disabled (neutron's list_active_networks_on_active_dhcp_agent). */
  async networkIdsOnHost(context: Context, host: string): Promise<string[]> {
    return this.transactions.read(context.elevated(), async (session) => {
      const db = ml2View(session.db);
      const [agent] = await this.agents.list(db, { agentType: constants.AGENT_TYPE_DHCP, host });
      if (!agent?.admin_state_up) return [];
      return dhcpAgentBindings.networkIdsOf(db, agent.id);
    });
  }

  /** Ids of the networks bound to an agent; the agents' AgentNotFound for an unknown one (neutron's list_networks_on_dhcp_agent). */
  async networkIdsOnAgent(context: Context, agentId: string): Promise<string[]> {
    return this.transactions.read(context.elevated(), async (session) => {
      const db = ml2View(session.db);
      await this.agents.get(db, agentId);
      return dhcpAgentBindings.networkIdsOf(db, agentId);
    });
  }

  /** An admin binds the network to the agent, beyond the limit if need be (neutron's add_network_to_dhcp_agent); answers the agent. */
  async add(context: Context, agentId: string, networkId: string): Promise<Agent> {
    return this.transactions.write(context.elevated(), async (session) => {
      const db = ml2View(session.db);
      const agent = await this.agents.get(db, agentId);
      if (agent.agent_type !== constants.AGENT_TYPE_DHCP || !agent.admin_state_up) throw new InvalidDHCPAgent({ id: agentId });
      const bound = await dhcpAgentBindings.ofNetwork(db, networkId);
      if (bound.some((row) => row.dhcp_agent_id === agentId)) throw new NetworkHostedByDHCPAgent({ network_id: networkId, agent_id: agentId });
      await this.#bind(
        db,
        networkId,
        [agent],
        bound.map((row) => row.binding_index),
        true,
      );
      return agent;
    });
  }

  /** Unbinds the network from the agent (neutron's remove_network_from_dhcp_agent); answers the agent. */
  async remove(context: Context, agentId: string, networkId: string): Promise<Agent> {
    return this.transactions.write(context.elevated(), async (session) => {
      const db = ml2View(session.db);
      const agent = await this.agents.get(db, agentId);
      const deleted = await db
        .deleteFrom('ml2_network_dhcp_agent_bindings')
        .where('network_id', '=', networkId)
        .where('dhcp_agent_id', '=', agentId)
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) throw new NetworkNotHostedByDhcpAgent({ network_id: networkId, agent_id: agentId });
      return agent;
    });
  }

  /**
   * The bindings of DHCP agents that are enabled but have not reported for
   * twice agent_down_time (so a briefly late agent keeps its networks),
   * when some DHCP agent is alive to take over: neutron's
   * remove_networks_from_down_agents. The caller unbinds and reschedules.
   */
  async deadBindings(context: Context, now = new Date()): Promise<{ networkId: string; agent: Agent }[]> {
    return this.transactions.read(context.elevated(), async (session) => {
      const db = ml2View(session.db);
      const agents = await this.agents.list(db, { agentType: constants.AGENT_TYPE_DHCP });
      if (!agents.some((agent) => agent.alive && agent.admin_state_up)) return [];
      const cutoff = now.getTime() - 2 * this.settings.agentDownTime * 1000;
      const dead = agents.filter((agent) => agent.admin_state_up && heartbeat(agent) < cutoff);
      if (dead.length === 0) return [];
      const rows = await db
        .selectFrom('ml2_network_dhcp_agent_bindings')
        .selectAll()
        .where(
          'dhcp_agent_id',
          'in',
          dead.map((agent) => agent.id),
        )
        .execute();
      return rows.map((row) => ({ networkId: row.network_id, agent: dead.find((agent) => agent.id === row.dhcp_agent_id)! }));
    });
  }

  /**
   * Whether scheduling could bind anything: most port creates find their
   * network with its agents, or no agent that may take it, and a read says
   * so without the write transaction (which serialises writers on SQLite).
   * `hosting`, when the caller has it, spares the read of the bindings.
   */
  async #mayBind(context: Context, networkId: string, hosting: readonly Agent[] | undefined): Promise<boolean> {
    if (hosting !== undefined && hosting.length >= this.settings.agentsPerNetwork) return false;
    return this.transactions.read(context.elevated(), async (session) => {
      const db = ml2View(session.db);
      const bound = hosting?.map((agent) => agent.id) ?? (await dhcpAgentBindings.ofNetwork(db, networkId)).map((row) => row.dhcp_agent_id);
      if (bound.length >= this.settings.agentsPerNetwork) return false;
      return (await this.#eligible(db, await this.#zones(db, networkId))).some((agent) => !bound.includes(agent.id));
    });
  }

  /** DHCP agents that may take networks in `zones` (none: any zone): alive and administratively up (neutron's DhcpFilter). */
  async #eligible(db: Ml2Db, zones: readonly string[]): Promise<Agent[]> {
    return (await this.agents.list(db, { agentType: constants.AGENT_TYPE_DHCP })).filter(
      (agent) => agent.alive && agent.admin_state_up && inZones(agent, zones),
    );
  }

  /** The zones the network's agents must be in: its hints, else default_availability_zones. */
  async #zones(db: Ml2Db, networkId: string): Promise<readonly string[]> {
    const hints = await networkAvailabilityZoneHints.ofNetwork(db, networkId);
    return hints.length > 0 ? hints : this.settings.defaultAvailabilityZones;
  }

  async #networkCounts(db: Ml2Db, agentIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom('ml2_network_dhcp_agent_bindings')
      .select('dhcp_agent_id')
      .where('dhcp_agent_id', 'in', [...agentIds])
      .execute();
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.dhcp_agent_id, (counts.get(row.dhcp_agent_id) ?? 0) + 1);
    return counts;
  }

  /**
   * Binds the agents, each with the lowest free index; below the limit
   * unless `force` (an admin's add). A concurrent binding of the same index
   * fails the transaction on the unique index, and the retry sees it.
   */
  async #bind(db: Ml2Db, networkId: string, agents: readonly Agent[], usedIndexes: readonly number[], force = false): Promise<void> {
    const used = new Set(usedIndexes);
    for (const agent of agents) {
      let index = 1;
      while (used.has(index)) index++;
      if (index > this.settings.agentsPerNetwork && !force) return;
      used.add(index);
      await db.insertInto('ml2_network_dhcp_agent_bindings').values({ network_id: networkId, dhcp_agent_id: agent.id, binding_index: index }).execute();
    }
  }
}

function inZones(agent: Agent, zones: readonly string[]): boolean {
  return zones.length === 0 || (agent.availability_zone !== null && zones.includes(agent.availability_zone));
}

/** The agent's last report (the agent extension's UTC "YYYY-MM-DD hh:mm:ss"), in ms. */
function heartbeat(agent: Agent): number {
  const parsed = Date.parse(`${agent.heartbeat_timestamp.replace(' ', 'T')}Z`);
  return Number.isNaN(parsed) ? 0 : parsed;
}
