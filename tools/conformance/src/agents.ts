import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Agents, AGENT_BINARIES, AGENT_TYPES, type AgentKind } from '../../agents-e2e/src/agents.js';
import { amqpForwarder } from '../../agents-e2e/src/broker.js';
import type { Cleanup } from '../../agents-e2e/src/cleanup.js';
import { createNs, destroyNs, ip } from '../../agents-e2e/src/netns.js';
import { Fatal, freePort, waitFor } from '../../agents-e2e/src/proc.js';
import type { RunDir } from './rundir.js';
import type { NeutronClient } from './server.js';

/** The agents a run may start beside the server, as devstack runs them: Tempest's agent and scheduler tests need them alive. */
export const CONFORMANCE_AGENTS = ['linuxbridge', 'dhcp', 'l3'] as const;
export type ConformanceAgent = (typeof CONFORMANCE_AGENTS)[number];

/** The host's physical interfaces: physnet1 (VLANs) and public (the external flat network), veth pairs inside the host. */
const INTERFACE_MAPPINGS = { physnet1: 'phys1', public: 'ext0' };
const LOCAL_IP = '10.255.255.1';

export function parseAgents(text: string): ConformanceAgent[] {
  const kinds = text.split(',').filter(Boolean);
  for (const kind of kinds) {
    if (!(CONFORMANCE_AGENTS as readonly string[]).includes(kind)) throw new Error(`--agents ${text}: each of ${CONFORMANCE_AGENTS.join(', ')}`);
  }
  return kinds as ConformanceAgent[];
}

/**
 * Debian's neutron agents (Zed) on a host of their own: a network namespace
 * with veth pairs for the physical networks and the VXLAN endpoint, where
 * 127.0.0.1:5672 reaches the broker, and the agents on the server's vhost
 * (tools/agents-e2e's Agents). Their qdhcp-/qrouter- namespaces stay in the
 * agents' own mount namespaces (privateNamespaces): Tempest's hundreds of
 * networks and routers leave nothing on the machine once the agents and
 * their daemons are killed.
 */
export class HostAgents {
  readonly host = `conformance-${process.pid}`;
  readonly hostNs = `cfa-${process.pid}`;
  private agents?: Agents;

  constructor(private readonly options: { kinds: readonly ConformanceAgent[]; runDir: RunDir; cleanup: Cleanup; vhost: string; log: (line: string) => void }) {}

  /** Starts the agents and waits (bounded) until the server lists each alive. */
  async start(api: NeutronClient): Promise<void> {
    const { kinds, runDir, cleanup } = this.options;
    if (process.getuid?.() !== 0) throw new Error('--agents needs root (network namespaces, bridges, iptables)');
    for (const kind of kinds) {
      if (!existsSync(AGENT_BINARIES[kind])) throw new Error(`${AGENT_BINARIES[kind]} is missing: apt-get install neutron-${kind}-agent`);
    }
    // dnsmasq drops root: it must reach its files below the run's folder.
    chmodSync(runDir.dir, 0o711);
    const dir = join(runDir.dir, 'agents');
    mkdirSync(dir, { recursive: true, mode: 0o711 });
    runDir.record('namespaces', this.hostNs);
    cleanup.add(`namespace ${this.hostNs}`, () => destroyNs(this.hostNs));
    await this.createHost();
    await amqpForwarder(this.hostNs, dir, runDir.logDir, cleanup);
    const agents = new Agents({
      dir,
      logDir: runDir.logDir,
      hostNs: this.hostNs,
      host: this.host,
      vhost: this.options.vhost,
      interfaceMappings: INTERFACE_MAPPINGS,
      l2: 'linuxbridge',
      localIp: LOCAL_IP,
      novaMetadataPort: await freePort(),
      privateNamespaces: true,
    });
    this.agents = agents;
    agents.write();
    cleanup.add('agents daemons', () => agents.killLeftovers());
    for (const kind of kinds) agents.start(kind, cleanup);
    await this.waitAlive(api);
  }

  private async createHost(): Promise<void> {
    const ns = this.hostNs;
    await createNs(ns);
    for (const device of [...Object.values(INTERFACE_MAPPINGS), 'tun0']) {
      await ip('-n', ns, 'link', 'add', device, 'type', 'veth', 'peer', 'name', `${device}-peer`);
      for (const end of [device, `${device}-peer`]) await ip('-n', ns, 'link', 'set', end, 'up');
    }
    await ip('-n', ns, 'addr', 'add', `${LOCAL_IP}/24`, 'dev', 'tun0');
  }

  private async waitAlive(api: NeutronClient): Promise<void> {
    const wanted = this.options.kinds.map((kind: AgentKind) => AGENT_TYPES[kind]);
    const started = Date.now();
    await waitFor(
      async () => {
        for (const [kind, agent] of this.agents?.processes ?? []) {
          if (!agent.running) throw new Fatal(`the ${kind} agent exited; see ${this.agents?.logFile(kind)}`);
        }
        const { agents } = await api.request<{ agents: { agent_type: string; host: string; alive: boolean }[] }>('GET', '/v2.0/agents');
        const alive = new Set(agents.filter((agent) => agent.host === this.host && agent.alive).map((agent) => agent.agent_type));
        return wanted.every((type) => alive.has(type)) ? true : undefined;
      },
      180_000,
      () => `the agents (${wanted.join(', ')}) did not all report alive within 180 s; see ${this.options.runDir.logDir}/*-agent.log`,
      1_000,
    );
    this.options.log(`agents alive in ${((Date.now() - started) / 1000).toFixed(1)} s: ${wanted.join(', ')} on host ${this.host}`);
  }

  /** Stops the agents (SIGTERM, then SIGKILL), then the daemons they left. */
  async stop(): Promise<void> {
    await this.agents?.stopAll();
    this.agents?.killLeftovers();
  }
}
