import { randomUUID } from 'node:crypto';
import { defineNeutronException, InvalidInput, NotFound } from '@net-server/lib';
import { insertSkippingDuplicates } from 'net-server';
import type { Ml2Db, Ml2Tables } from '../db/schema.js';
import { AGENT_ALIVE, AGENT_NEW, AGENT_REVIVED, type Agent, type AgentStatus } from './agent.js';

/** neutron_lib.exceptions.agent.AgentNotFound. */
export const AgentNotFound = defineNeutronException<{ id: unknown }>(NotFound, 'AgentNotFound', 'Agent %(id)s could not be found.');

/** An agents table row. */
export type AgentRow = Ml2Tables['ml2_agents'];

/** Python's str(datetime) without microseconds, as neutron's agent API shows times. */
function apiTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

function parseJson(text: string | null): Record<string, unknown> {
  if (text === null || text === '') return {};
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function requireText(state: Record<string, unknown>, key: string): string {
  const value = state[key];
  if (typeof value !== 'string' || value === '') throw new InvalidInput({ error_message: `agent_state needs a non-empty string '${key}'` });
  return value;
}

/**
 * The agents table (neutron's AgentDbMixin): agents register and refresh
 * themselves through report_state; `alive` is whether the last report is
 * newer than `agent_down_time` seconds.
 */
export class AgentsDb {
  constructor(
    /** Seconds without a report after which an agent is down. */
    private readonly agentDownTime: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Records a state report and says whether the agent is new, alive or
   * revived. Each step is one statement, so a heartbeat (the common case)
   * costs one UPDATE and needs no transaction: an UPDATE that only matches
   * a recent heartbeat finds alive agents, a plain UPDATE revived ones, an
   * INSERT new ones (another server registering the same agent at the same
   * moment makes it retry as an update).
   */
  async report(db: Ml2Db, reported: Record<string, unknown>): Promise<AgentStatus> {
    const agentType = requireText(reported, 'agent_type');
    const host = requireText(reported, 'host');
    const binary = requireText(reported, 'binary');
    const topic = requireText(reported, 'topic');
    const configurations = typeof reported['configurations'] === 'object' && reported['configurations'] !== null ? reported['configurations'] : {};
    const versions = reported['resource_versions'];
    const now = this.now();
    const stamp = now.toISOString();
    const fields = {
      binary,
      topic,
      configurations: JSON.stringify(configurations),
      load: typeof reported['load'] === 'number' ? Math.trunc(reported['load']) : 0,
      heartbeat_timestamp: stamp,
      ...(typeof reported['availability_zone'] === 'string' ? { availability_zone: reported['availability_zone'] } : {}),
      ...(typeof versions === 'object' && versions !== null && Object.keys(versions).length > 0 ? { resource_versions: JSON.stringify(versions) } : {}),
      ...(reported['start_flag'] === true ? { started_at: stamp } : {}),
    };
    const cutoff = new Date(now.getTime() - this.agentDownTime * 1000).toISOString();
    for (;;) {
      const alive = await db
        .updateTable('ml2_agents')
        .set(fields)
        .where('agent_type', '=', agentType)
        .where('host', '=', host)
        .where('heartbeat_timestamp', '>=', cutoff)
        .executeTakeFirst();
      if (Number(alive.numUpdatedRows) > 0) return AGENT_ALIVE;
      const revived = await db.updateTable('ml2_agents').set(fields).where('agent_type', '=', agentType).where('host', '=', host).executeTakeFirst();
      if (Number(revived.numUpdatedRows) > 0) return AGENT_REVIVED;
      const row: AgentRow = {
        id: randomUUID(),
        agent_type: agentType,
        host,
        availability_zone: null,
        admin_state_up: 1,
        created_at: stamp,
        started_at: stamp,
        description: null,
        resource_versions: null,
        resources_synced: null,
        ...fields,
      };
      const inserted = await insertSkippingDuplicates(db, 'ml2_agents', [row], (c) => c.columns(['agent_type', 'host']).doNothing());
      if (inserted === 1) return AGENT_NEW;
    }
  }

  /** `report`, answering the agent's dict too. */
  async createOrUpdate(db: Ml2Db, reported: Record<string, unknown>): Promise<{ status: AgentStatus; agent: Agent }> {
    const status = await this.report(db, reported);
    const [agent] = await this.list(db, { agentType: String(reported['agent_type']), host: String(reported['host']) });
    return { status, agent: agent! };
  }

  async list(db: Ml2Db, filters: { agentType?: string; host?: string; ids?: readonly string[] } = {}): Promise<Agent[]> {
    let query = db.selectFrom('ml2_agents').selectAll();
    if (filters.agentType !== undefined) query = query.where('agent_type', '=', filters.agentType);
    if (filters.host !== undefined) query = query.where('host', '=', filters.host);
    if (filters.ids !== undefined) query = query.where('id', 'in', filters.ids.length > 0 ? [...filters.ids] : ['']);
    const rows = await query.orderBy('agent_type').orderBy('host').execute();
    return rows.map((row) => this.toAgent(row));
  }

  async get(db: Ml2Db, id: string): Promise<Agent> {
    const row = await db.selectFrom('ml2_agents').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AgentNotFound({ id });
    return this.toAgent(row);
  }

  /** The agents of one type on one host (what an agent-based mechanism driver binds to). */
  async hostAgents(db: Ml2Db, agentType: string, host: string): Promise<Agent[]> {
    return this.list(db, { agentType, host });
  }

  /** Records the object versions an agent reported it understands (q-server-resource-versions). */
  async setResourceVersions(db: Ml2Db, agentType: string, host: string, versions: Record<string, unknown>): Promise<void> {
    await db
      .updateTable('ml2_agents')
      .set({ resource_versions: JSON.stringify(versions) })
      .where('agent_type', '=', agentType)
      .where('host', '=', host)
      .execute();
  }

  private isAlive(row: Pick<AgentRow, 'heartbeat_timestamp'>): boolean {
    return this.now().getTime() - new Date(row.heartbeat_timestamp).getTime() <= this.agentDownTime * 1000;
  }

  /** The row's agent dict, `alive` as of now. */
  toAgent(row: AgentRow): Agent {
    return {
      id: row.id,
      agent_type: row.agent_type,
      binary: row.binary,
      topic: row.topic,
      host: row.host,
      admin_state_up: Boolean(row.admin_state_up),
      created_at: apiTime(row.created_at),
      started_at: apiTime(row.started_at),
      heartbeat_timestamp: apiTime(row.heartbeat_timestamp),
      alive: this.isAlive(row),
      configurations: parseJson(row.configurations),
      description: row.description,
      availability_zone: row.availability_zone,
      resource_versions: parseJson(row.resource_versions),
      resources_synced: row.resources_synced === null ? null : Boolean(row.resources_synced),
      load: Number(row.load),
    };
  }
}
