import { constants, silentLogger, topics } from '@net-server/lib';
import { getRpcTransport, RpcClient, RpcServer, Target, type Transport } from '@net-server/rpc';
import { rabbitDriver } from '@net-server/rpc-rabbit';

type Args = Record<string, unknown>;
const ADMIN_CONTEXT = { is_admin: true, roles: ['admin'], project_id: null, user_id: null };

/** A cast or call an agent received: which agent, which method, its arguments. */
export interface Received {
  host: string;
  method: string;
  args: Args;
}

export type AgentKind = 'ovs' | 'dhcp' | 'l3';

const STATES: Record<AgentKind, (host: string) => Args> = {
  ovs: (host) => ({
    agent_type: constants.AGENT_TYPE_OVS,
    binary: 'neutron-openvswitch-agent',
    host,
    topic: 'N/A',
    configurations: { tunnel_types: ['vxlan'], tunneling_ip: '192.0.2.11', bridge_mappings: {} },
  }),
  dhcp: (host) => ({ agent_type: constants.AGENT_TYPE_DHCP, binary: 'neutron-dhcp-agent', host, topic: topics.DHCP_AGENT, configurations: { networks: 0 } }),
  l3: (host) => ({
    agent_type: constants.AGENT_TYPE_L3,
    binary: constants.AGENT_PROCESS_L3,
    host,
    topic: topics.L3_AGENT,
    configurations: { agent_mode: 'legacy' },
  }),
};

/** The casts each kind of agent listens for on its topic (to `<topic>.<host>`), as neutron's agents do. */
const TOPICS: Record<AgentKind, { topic: string; fanout: boolean; methods: string[] }[]> = {
  ovs: [
    {
      topic: topics.getTopicName(topics.AGENT, topics.SECURITY_GROUP, topics.UPDATE),
      fanout: true,
      methods: ['security_groups_rule_updated', 'security_groups_member_updated'],
    },
    { topic: topics.getTopicName(topics.AGENT, topics.PORT, topics.UPDATE), fanout: true, methods: ['port_update'] },
  ],
  dhcp: [
    {
      topic: topics.DHCP_AGENT,
      fanout: false,
      methods: [
        'network_create_end',
        'network_update_end',
        'network_delete_end',
        'subnet_create_end',
        'subnet_update_end',
        'subnet_delete_end',
        'port_create_end',
        'port_update_end',
        'port_delete_end',
        'agent_updated',
      ],
    },
  ],
  l3: [
    {
      topic: topics.L3_AGENT,
      fanout: false,
      methods: ['routers_updated', 'router_deleted', 'router_removed_from_agent', 'router_added_to_agent', 'agent_updated'],
    },
  ],
};

/** neutron's agents' report time: UTC, "YYYY-MM-DD hh:mm:ss.ffffff". */
function agentTime(): string {
  return `${new Date().toISOString().replace('T', ' ').slice(0, 23)}000`;
}

/**
 * Neutron agents as the servers see them, on one RabbitMQ connection: each
 * reports its state on `q-reports-plugin` (until told to stop, like an
 * agent that died) and records the casts it receives on its topics.
 */
export class FakeAgents {
  readonly received: Received[] = [];
  readonly #servers: RpcServer[] = [];
  readonly #reporting = new Map<string, NodeJS.Timeout>();
  readonly #reports: RpcClient;
  readonly #plugin: RpcClient;
  readonly #l3Plugin: RpcClient;

  private constructor(readonly transport: Transport) {
    this.#reports = new RpcClient(transport, new Target({ topic: topics.REPORTS, version: '1.2' }));
    this.#plugin = new RpcClient(transport, new Target({ topic: topics.PLUGIN, version: '1.0' }));
    this.#l3Plugin = new RpcClient(transport, new Target({ topic: topics.L3PLUGIN, version: '1.0' }));
  }

  static async connect(transportUrl: string): Promise<FakeAgents> {
    return new FakeAgents(
      await getRpcTransport({ transport_url: transportUrl, rpc_response_timeout: 30 }, { drivers: { rabbit: rabbitDriver }, logger: silentLogger }),
    );
  }

  /**
   * An agent on `host`: its topics are consumed, then it reports (start_flag
   * set) and goes on reporting every `reportEveryMs`; resolves with the
   * first report's answer ('new' or 'alive').
   */
  async start(kind: AgentKind, host: string, reportEveryMs: number): Promise<unknown> {
    for (const { topic, fanout, methods } of TOPICS[kind]) {
      const endpoint: Record<string, unknown> = { target: new Target({ version: '1.99' }) };
      for (const method of methods) endpoint[method] = (_context: unknown, args: Args) => void this.received.push({ host, method, args });
      const server = new RpcServer(this.transport, new Target({ topic, server: host, fanout }), [endpoint]);
      await server.start();
      this.#servers.push(server);
    }
    const first = await this.report(kind, host, true);
    this.#reporting.set(
      host,
      setInterval(() => void this.report(kind, host, false).catch(() => undefined), reportEveryMs),
    );
    return first;
  }

  /** One report_state of the agent on `host`, answered by whichever server consumes it. */
  report(kind: AgentKind, host: string, startFlag: boolean): Promise<unknown> {
    return this.#reports.call(ADMIN_CONTEXT, 'report_state', {
      agent_state: { agent_state: { ...STATES[kind](host), start_flag: startFlag } },
      time: agentTime(),
    });
  }

  /** The agent on `host` stops reporting (it died, as far as the servers can tell). */
  silence(host: string): void {
    clearInterval(this.#reporting.get(host));
    this.#reporting.delete(host);
  }

  /** A call on `q-plugin` (the L2 and DHCP agents' server API), answered by whichever server consumes it. */
  callPlugin(method: string, args: Args, timeoutMs?: number): Promise<unknown> {
    const client = timeoutMs === undefined ? this.#plugin : this.#plugin.prepare({ timeoutMs });
    return client.call(ADMIN_CONTEXT, method, args);
  }

  /** A call on `q-l3-plugin` (the L3 agents' server API). */
  callL3Plugin(method: string, args: Args): Promise<unknown> {
    return this.#l3Plugin.call(ADMIN_CONTEXT, method, args);
  }

  /** What the agent on `host` received of `method`. */
  of(host: string, method: string): Args[] {
    return this.received.filter((entry) => entry.host === host && entry.method === method).map((entry) => entry.args);
  }

  async close(): Promise<void> {
    for (const host of [...this.#reporting.keys()]) this.silence(host);
    for (const server of this.#servers.splice(0)) {
      await server.stop();
      await server.wait();
    }
    await this.transport.cleanup();
  }
}
