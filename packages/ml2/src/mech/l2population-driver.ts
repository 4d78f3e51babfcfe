import { constants, getAdminContext, InvalidInput, topics, type FixedIp, type Logger, type ResourceDict } from '@net-server/lib';
import type { Agent } from '../agents/agent.js';
import type { AgentNotifier } from '../rpc/agent-notifier.js';
import type { NetworkSegment } from '../types/segment.js';
import type { MechanismDriver, MechanismDriverInit } from './mechanism-driver.js';
import type { NetworkTopology } from './network-topology.js';
import type { PortContext } from './port-context.js';

/** [mac, ip]: how neutron's PortInfo namedtuple travels. */
type PortInfo = [string, string];
/** Tells an agent to flood broadcast traffic to a tunnel endpoint. */
const FLOODING_ENTRY: PortInfo = ['00:00:00:00:00:00', '0.0.0.0'];
/** { network_id: { segment_id, network_type, ports: { agent_ip: [PortInfo...] } } } */
type FdbEntries = Record<string, { segment_id: number | null; network_type: string; ports: Record<string, PortInfo[]> }>;

const TOPIC = topics.getTopicName(topics.AGENT, topics.L2POPULATION, topics.UPDATE);

function portInfos(port: { mac_address?: unknown; fixed_ips?: unknown }): PortInfo[] {
  const ips = Array.isArray(port.fixed_ips) ? (port.fixed_ips as FixedIp[]) : [];
  return ips.map((ip) => [String(port.mac_address), ip.ip_address]);
}

function tunnelIp(agent: Agent): string | undefined {
  const ip = agent.configurations['tunneling_ip'];
  return typeof ip === 'string' && ip !== '' ? ip : undefined;
}

/**
 * Keeps the L2 agents' forwarding tables in step with where ports are
 * (neutron's l2population driver): when a port goes ACTIVE on a host, or its
 * agent reports it wired (as an agent that restarted does again), every
 * agent learns its MAC/IP behind that host's tunnel endpoint (and, for the
 * host's first port on the network, a flooding entry), and the host's agent
 * gets the whole table of the network; when it goes DOWN, moves or is
 * deleted, the entries are removed. Messages go on
 * q-agent-notifier-l2population-update (fanout, or to one host). DVR and HA
 * router ports are not handled.
 */
export class L2populationDriver implements MechanismDriver {
  readonly #logger: Logger;
  readonly #notifier: AgentNotifier;
  readonly #topology: NetworkTopology;

  constructor({ logger, notifier, topology }: MechanismDriverInit) {
    this.#logger = logger.child({ driver: 'l2population' });
    this.#notifier = notifier;
    this.#topology = topology;
  }

  updatePortPrecommit(context: PortContext): void {
    if (context.original && context.original['mac_address'] !== context.current['mac_address'] && context.status === constants.PORT_STATUS_ACTIVE) {
      throw new InvalidInput({ error_message: `unable to modify mac_address of ACTIVE port ${String(context.current['id'])}` });
    }
  }

  async updatePortPostcommit(context: PortContext): Promise<void> {
    const port = context.current;
    const original = context.original;
    if (original && context.status === constants.PORT_STATUS_ACTIVE && context.originalStatus === constants.PORT_STATUS_ACTIVE) {
      await this.fixedIpsChanged(context, original);
    }
    if (
      context.originalHost !== undefined &&
      context.host !== context.originalHost &&
      context.originalStatus === constants.PORT_STATUS_ACTIVE &&
      context.status === constants.PORT_STATUS_DOWN
    ) {
      // Migrated: the old host's entries go.
      const entries = await this.agentFdb(context.originalBottomBoundSegment, original ?? port, context.originalHost);
      if (entries) await this.send('remove_fdb_entries', entries);
    } else if (context.status !== context.originalStatus) {
      if (context.status === constants.PORT_STATUS_ACTIVE) await this.updatePortUp(context);
      else if (context.status === constants.PORT_STATUS_DOWN) {
        const entries = await this.agentFdb(context.bottomBoundSegment, port, context.host);
        if (entries) await this.send('remove_fdb_entries', entries);
      }
    }
  }

  /** neutron's update_port_up from notify_l2pop_port_wiring: an agent restart (`refreshTunnels`) gets the whole table again. */
  async portWired(context: PortContext, refreshTunnels: boolean): Promise<void> {
    await this.updatePortUp(context, refreshTunnels);
  }

  async portUnwired(context: PortContext): Promise<void> {
    const entries = await this.agentFdb(context.bottomBoundSegment, context.current, context.host);
    if (entries) await this.send('remove_fdb_entries', entries);
  }

  async deletePortPostcommit(context: PortContext): Promise<void> {
    const entries = await this.agentFdb(context.bottomBoundSegment, context.current, context.host);
    if (entries) await this.send('remove_fdb_entries', entries);
  }

  private async agentOn(host: string): Promise<{ agent: Agent; ip: string } | undefined> {
    for (const agent of await this.#topology.agentsOn([host])) {
      const ip = tunnelIp(agent);
      if (ip) return { agent, ip };
    }
    this.#logger.warn('Unable to retrieve active L2 agent on host', { host });
    return undefined;
  }

  private segmentFits(segment: NetworkSegment | undefined, agent: Agent): segment is NetworkSegment {
    if (!segment) return false;
    const declared = agent.configurations['l2pop_network_types'] ?? agent.configurations['tunnel_types'];
    return Array.isArray(declared) && declared.map(String).includes(segment.network_type);
  }

  private template(segment: NetworkSegment, ip: string, networkId: string): FdbEntries {
    return { [networkId]: { segment_id: segment.segmentation_id, network_type: segment.network_type, ports: { [ip]: [] } } };
  }

  private async updatePortUp(context: PortContext, refreshTunnels = false): Promise<void> {
    const port = context.current;
    const found = await this.agentOn(context.host);
    const segment = context.bottomBoundSegment;
    if (!found || !this.segmentFits(segment, found.agent)) return;
    const networkId = String(port['network_id']);
    const active = await this.#topology.activePorts(networkId);
    const onHost = active.filter((p) => p.host === context.host && p.id !== port['id']).length;
    const others = this.template(segment, found.ip, networkId);
    const own = others[networkId]!.ports[found.ip]!;
    // As neutron's "1 or 2 active": with ports coming up together, each may count the other.
    if (onHost <= 1 || refreshTunnels) {
      // The host's first port here: its agent needs the whole network, the others a flood entry to it.
      const table = await this.networkFdb(segment, networkId, active, context.host);
      if (Object.keys(table[networkId]!.ports).length > 0) await this.send('add_fdb_entries', table, context.host);
      own.push(FLOODING_ENTRY);
    }
    own.push(...portInfos(port));
    await this.send('add_fdb_entries', others);
  }

  /** The other hosts' tunnel endpoints and ports on the network, for a host's agent. */
  private async networkFdb(
    segment: NetworkSegment,
    networkId: string,
    active: readonly { host: string; mac_address: string; fixed_ips: FixedIp[] }[],
    exclude: string,
  ): Promise<FdbEntries> {
    const ports: Record<string, PortInfo[]> = {};
    const entries: FdbEntries = { [networkId]: { segment_id: segment.segmentation_id, network_type: segment.network_type, ports } };
    const hosts = [...new Set(active.map((p) => p.host).filter((host) => host !== '' && host !== exclude))];
    const ipOf = new Map<string, string>();
    for (const agent of await this.#topology.agentsOn(hosts)) {
      const ip = tunnelIp(agent);
      if (ip && !ipOf.has(agent.host)) ipOf.set(agent.host, ip);
    }
    for (const port of active) {
      const ip = ipOf.get(port.host);
      if (!ip) continue;
      ports[ip] ??= [FLOODING_ENTRY];
      ports[ip]!.push(...portInfos(port));
    }
    return entries;
  }

  /** What the other agents must forget of a port leaving `host` (and the flood entry when it was the last one). */
  private async agentFdb(segment: NetworkSegment | undefined, port: ResourceDict, host: string): Promise<FdbEntries | undefined> {
    if (!host) return undefined;
    const found = await this.agentOn(host);
    if (!found || !this.segmentFits(segment, found.agent)) return undefined;
    const networkId = String(port['network_id']);
    const entries = this.template(segment, found.ip, networkId);
    const activeOnHost = (await this.#topology.activePorts(networkId)).filter((p) => p.host === host && p.id !== port['id']).length;
    if (activeOnHost === 0) entries[networkId]!.ports[found.ip]!.push(FLOODING_ENTRY);
    entries[networkId]!.ports[found.ip]!.push(...portInfos(port));
    return entries;
  }

  private async fixedIpsChanged(context: PortContext, original: ResourceDict): Promise<void> {
    const before = portInfos(original);
    const after = portInfos(context.current);
    const key = (info: PortInfo) => info.join('|');
    const removed = before.filter((b) => !after.some((a) => key(a) === key(b)));
    const added = after.filter((a) => !before.some((b) => key(a) === key(b)));
    if (removed.length === 0 && added.length === 0) return;
    const found = await this.agentOn(context.host);
    if (!found || !this.segmentFits(context.bottomBoundSegment, found.agent)) return;
    const change = { [String(context.current['network_id'])]: { [found.ip]: { before: removed, after: added } } };
    await this.#notifier.fanout(context.pluginContext, TOPIC, 'update_fdb_entries', { fdb_entries: { chg_ip: change } });
  }

  private async send(method: 'add_fdb_entries' | 'remove_fdb_entries', entries: FdbEntries, host?: string): Promise<void> {
    const context = getAdminContext();
    if (host) await this.#notifier.castToHost(context, TOPIC, host, method, { fdb_entries: entries });
    else await this.#notifier.fanout(context, TOPIC, method, { fdb_entries: entries });
  }
}
