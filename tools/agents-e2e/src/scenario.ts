import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_BINARIES, AGENT_TYPES, Agents, type AgentKind, type L2AgentKind } from './agents.js';
import { NeutronApi, type Resource } from './api.js';
import { amqpForwarder, brokerState, brokerSummary, createVhost } from './broker.js';
import { Cleanup } from './cleanup.js';
import { countProblems, distinctErrors, exceptions, grep, tail } from './logs.js';
import { addresses, cmdline, inNs, links, nsExists, nsPids } from './netns.js';
import { OvsSwitch, PHYSICAL_BRIDGES } from './ovs.js';
import { Fatal, freePort, run, SYSTEM_PATH, waitFor } from './proc.js';
import { RunDir, sweepStaleRuns } from './rundir.js';
import { NetServer } from './server.js';
import { Topology } from './topology.js';

/** The agents of a run: its L2 agent, then the DHCP, L3 and metadata agents. */
export function agentsWith(l2: L2AgentKind): AgentKind[] {
  return [l2, 'dhcp', 'l3', 'metadata'];
}

/**
 * A run's layout: `workers` and `single` are net-server's process layouts
 * (see NetServer) with the linuxbridge agent; `ovs` is the `workers`
 * process layout with the Open vSwitch agent (openvswitch mechanism driver,
 * the DHCP and L3 agents' openvswitch interface driver, OVS on the
 * userspace datapath).
 */
export type Layout = 'workers' | 'single' | 'ovs';

export interface ScenarioOptions {
  layout?: Layout;
  /** Keep the logs in this folder instead of the temp dir (which the cleanup removes). */
  logDir?: string;
  /** Bound of every wait for the agents or the server to converge. */
  waitMs?: number;
}

export interface Condition {
  name: string;
  /** Resolves true when met (a throw counts as not met). */
  probe: () => Promise<boolean>;
}

/**
 * The harness: namespaces, broker vhost and forwarder, net-server, the four
 * neutron agents, and the steps an operator walks, each recording its
 * timings. Independent of vitest, so that a benchmark can drive it too.
 */
export class AgentsScenario {
  readonly cleanup = new Cleanup();
  readonly host = 'e2e-host-1';
  readonly projectId = `e2e-${randomBytes(4).toString('hex')}`;
  readonly vhost = `agents-e2e-${process.pid}-${randomBytes(3).toString('hex')}`;
  readonly layout: Layout;
  readonly l2: L2AgentKind;
  /** The run's agents, the L2 agent first. */
  readonly agentKinds: AgentKind[];
  readonly waitMs: number;
  /** Milliseconds, by measure; a measure whose wait failed is absent. */
  readonly timings: Record<string, number> = {};
  readonly swept: string[] = [];
  run!: RunDir;
  topology!: Topology;
  server!: NetServer;
  agents!: Agents;
  /** The host's Open vSwitch, in the `ovs` layout. */
  ovs?: OvsSwitch;
  api!: NeutronApi;
  agentsStartedAt = 0;
  /** What the steps created, by name. */
  readonly ids: Partial<
    Record<
      'network' | 'subnet' | 'dhcpPort' | 'vmPort' | 'publicNetwork' | 'publicSubnet' | 'router' | 'routerPort' | 'gatewayPort' | 'securityGroup' | 'rule',
      string
    >
  > = {};
  vm: { mac?: string; ip?: string; leased?: string; tapUpAt?: number } = {};
  gatewayIp?: string;

  constructor(readonly options: ScenarioOptions = {}) {
    this.layout = options.layout ?? 'workers';
    this.l2 = this.layout === 'ovs' ? 'openvswitch' : 'linuxbridge';
    this.agentKinds = agentsWith(this.l2);
    this.waitMs = options.waitMs ?? 60_000;
  }

  // ---------------------------------------------------------------- set-up

  async setUp(): Promise<void> {
    const started = Date.now();
    if (process.getuid?.() !== 0) throw new Error('the agents end-to-end test runs as root (network namespaces, bridges, iptables)');
    const ovsBinaries = ['/usr/sbin/ovsdb-server', '/usr/sbin/ovs-vswitchd', '/usr/bin/ovs-vsctl', '/usr/bin/ovs-ofctl'];
    for (const binary of [
      ...this.agentKinds.map((kind) => AGENT_BINARIES[kind]),
      '/usr/sbin/dnsmasq',
      '/usr/sbin/haproxy',
      '/usr/bin/socat',
      '/usr/sbin/dhclient',
      '/usr/bin/ping',
      ...(this.l2 === 'openvswitch' ? ovsBinaries : []),
    ]) {
      if (!existsSync(binary)) throw new Error(`${binary} is missing: .ci/run installs it (see tools/agents-e2e/README.md)`);
    }
    this.swept.push(...sweepStaleRuns());
    this.run = new RunDir(this.cleanup, this.options.logDir ? { logDir: this.options.logDir } : {});
    this.run.ownVhost(this.vhost);
    await createVhost(this.vhost, this.cleanup);
    // One scenario per layout may run in a process: the layout's initial keeps their namespaces apart.
    this.topology = new Topology(this.run, `nse2e-${process.pid}-${this.layout[0]}`);
    await this.topology.create();
    await amqpForwarder(this.topology.hostNs, this.run.dir, this.run.logDir, this.cleanup);
    if (this.l2 === 'openvswitch') {
      this.ovs = new OvsSwitch(this.topology.hostNs, this.run.dir, this.run.logDir);
      await this.ovs.start(this.cleanup, Topology.INTERFACE_MAPPINGS);
    }
    this.server = new NetServer({
      dir: this.run.dir,
      port: await freePort(),
      vhost: this.vhost,
      layout: this.layout === 'single' ? 'single' : 'workers',
      physnets: Object.keys(Topology.INTERFACE_MAPPINGS),
      logFile: join(this.run.logDir, 'net-server.log'),
      mechanismDrivers: `${this.l2},l2population`,
    });
    this.server.prepare();
    await this.server.start(this.cleanup);
    this.api = new NeutronApi(this.server.url, this.projectId);
    this.agents = new Agents({
      dir: this.run.dir,
      logDir: this.run.logDir,
      hostNs: this.topology.hostNs,
      host: this.host,
      vhost: this.vhost,
      interfaceMappings: Topology.INTERFACE_MAPPINGS,
      l2: this.l2,
      ...(this.ovs ? { ovs: { bridgeMappings: PHYSICAL_BRIDGES, connection: this.ovs.connection, env: this.ovs.env } } : {}),
      localIp: Topology.LOCAL_IP,
      novaMetadataPort: await freePort(),
    });
    this.agents.write();
    this.agentsStartedAt = Date.now();
    for (const kind of this.agentKinds) this.agents.start(kind, this.cleanup);
    this.timings['setUp'] = Date.now() - started;
  }

  /** Stops everything and removes every namespace, process, vhost and temp file (also runs on process exit). */
  async tearDown(): Promise<void> {
    await this.agents?.stopAll().catch(() => undefined);
    await this.server?.stop().catch(() => undefined);
    this.cleanup.runAll();
  }

  // ---------------------------------------------------------- diagnostics

  /** Throws Fatal when one of `kinds` is no longer running, with what its log says. */
  assertRunning(kinds: AgentKind[] = this.agentKinds): void {
    for (const kind of kinds) {
      const agent = this.agents.processes.get(kind);
      if (agent && !agent.running) {
        throw new Fatal(
          `the ${kind} agent exited (status ${String(agent.child.exitCode ?? agent.child.signalCode)}); the exceptions it logged:\n${exceptions(this.agents.logFile(kind)).join('\n') || '(none)'}\nlast lines:\n${tail(this.agents.logFile(kind), 8)}`,
        );
      }
    }
    if (this.server.process && !this.server.process.running) throw new Fatal(`net-server exited; its log ends:\n${tail(this.server.options.logFile, 20)}`);
  }

  /** What an operator looks at when something does not converge: agents' errors, the server's, lines naming `ids`. */
  diagnose(kinds: AgentKind[] = this.agentKinds, ids: (string | undefined)[] = []): string {
    const parts: string[] = [];
    for (const kind of kinds) {
      const file = this.agents.logFile(kind);
      const agent = this.agents.processes.get(kind);
      const state = agent?.running ? 'running' : `exited ${String(agent?.child.exitCode ?? agent?.child.signalCode)}`;
      const errors = distinctErrors(file, 5);
      parts.push(`[${kind} agent, ${state}] ${errors.length ? `errors:\n  ${errors.join('\n  ')}` : 'no ERROR lines'}`);
      const raised = exceptions(file);
      if (raised.length) parts.push(`  exceptions:\n  ${raised.join('\n  ')}`);
      for (const id of ids.filter((x): x is string => !!x)) {
        const mentions = grep(file, new RegExp(id.slice(0, 11)), 3);
        if (mentions.length) parts.push(`  lines naming ${id.slice(0, 11)}:\n  ${mentions.join('\n  ')}`);
      }
    }
    const serverErrors = grep(this.server.options.logFile, /"level":"(error|warn)"/, 5);
    if (serverErrors.length) parts.push(`[net-server] warnings/errors:\n  ${serverErrors.join('\n  ')}`);
    return parts.join('\n');
  }

  /**
   * Polls every condition until all hold (bounded by waitMs), recording
   * when each first held (ms since `since`) in timings under
   * `<prefix>.<name>`. On timeout the error lists which held, which did
   * not, and the diagnosis.
   */
  async waitAll(
    prefix: string,
    since: number,
    conditions: Condition[],
    kinds: AgentKind[],
    ids: (string | undefined)[] = [],
    timeoutMs = this.waitMs,
  ): Promise<void> {
    const met = new Map<string, number>();
    try {
      await waitFor(
        async () => {
          this.assertRunning(kinds);
          await Promise.all(
            conditions
              .filter((c) => !met.has(c.name))
              .map(async (c) => {
                if (await c.probe().catch(() => false)) {
                  met.set(c.name, Date.now() - since);
                  this.timings[`${prefix}.${c.name}`] = Date.now() - since;
                }
              }),
          );
          return met.size === conditions.length ? true : undefined;
        },
        timeoutMs,
        async () => {
          const held = conditions.filter((c) => met.has(c.name)).map((c) => `${c.name} (after ${met.get(c.name)} ms)`);
          const missing = conditions.filter((c) => !met.has(c.name)).map((c) => c.name);
          return `${prefix}: not met: ${missing.join(', ')}; met: ${held.join(', ') || 'none'}\n${this.diagnose(kinds, ids)}\n${await brokerSummary(this.vhost)}`;
        },
        500,
      );
    } catch (error) {
      if (error instanceof Fatal) {
        const held = conditions.filter((c) => met.has(c.name)).map((c) => c.name);
        throw new Error(`${prefix}: ${error.message}\n(conditions met before: ${held.join(', ') || 'none'})`);
      }
      throw error;
    }
  }

  async port(id: string | undefined): Promise<Resource | undefined> {
    return id ? this.api.show('ports', 'port', id) : undefined;
  }

  async portActive(id: string | undefined): Promise<boolean> {
    return (await this.port(id))?.['status'] === 'ACTIVE';
  }

  /** The vif type the run's mechanism driver binds ports with. */
  get vifType(): string {
    return this.l2 === 'openvswitch' ? 'ovs' : 'bridge';
  }

  /** The port is bound to the agents' host by the run's mechanism driver (binding:host_id, binding:vif_type bridge or ovs). */
  async portBoundHere(id: string | undefined): Promise<boolean> {
    const port = await this.port(id);
    return port?.['binding:host_id'] === this.host && port['binding:vif_type'] === this.vifType;
  }

  /** Processes whose command line holds `text` (e.g. a network id in dnsmasq's arguments). */
  processesNaming(text: string): string[] {
    const found: string[] = [];
    for (const entry of readdirSyncSafe('/proc')) {
      if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
      const line = cmdline(Number(entry));
      if (line.includes(text)) found.push(`${entry} ${line}`);
    }
    return found;
  }

  // ---------------------------------------------------------------- steps

  /** a. The four agents report and show alive in GET /v2.0/agents and `openstack network agent list`. */
  async stepAgentsAlive(): Promise<Resource[]> {
    let agents: Resource[] = [];
    await this.waitAll(
      'agentsAlive',
      this.agentsStartedAt,
      this.agentKinds.map((kind) => ({
        name: kind,
        probe: async () => {
          agents = await this.api.list('agents');
          return agents.some((a) => a['host'] === this.host && a['agent_type'] === AGENT_TYPES[kind] && a['alive'] === true);
        },
      })),
      this.agentKinds,
    );
    this.timings['agentsAliveMs'] = Math.max(...this.agentKinds.map((k) => this.timings[`agentsAlive.${k}`] ?? 0));
    const cli = await run(
      'openstack',
      ['--os-auth-type', 'none', '--os-endpoint', this.server.url, 'network', 'agent', 'list', '--host', this.host, '-f', 'json'],
      {
        env: { PATH: SYSTEM_PATH, HOME: this.run.dir, LANG: 'C.UTF-8' },
        timeoutMs: 60_000,
      },
    );
    const listed = JSON.parse(cli.stdout) as { 'Agent Type': string; Alive: boolean | string; Host: string }[];
    const missing = this.agentKinds.filter((kind) => !listed.some((a) => a['Agent Type'] === AGENT_TYPES[kind] && (a.Alive === true || a.Alive === ':-)')));
    if (missing.length) throw new Error(`openstack network agent list does not show alive: ${missing.join(', ')}\n${cli.stdout}`);
    return agents;
  }

  /** b. A VXLAN network and a DHCP subnet: the DHCP port goes ACTIVE, qdhcp-<net> exists, dnsmasq serves it. */
  async stepNetworkWithDhcp(): Promise<void> {
    const network = await this.api.create('networks', 'network', { name: 'e2e-net' });
    this.ids.network = network.id;
    this.run.ownNamespace(`qdhcp-${network.id}`);
    if (network['provider:network_type'] !== 'vxlan') throw new Error(`the tenant network is ${String(network['provider:network_type'])}, not vxlan`);
    const subnet = await this.api.create('subnets', 'subnet', {
      network_id: network.id,
      name: 'e2e-subnet',
      cidr: '10.10.0.0/24',
      ip_version: 4,
      enable_dhcp: true,
    });
    this.ids.subnet = subnet.id;
    const since = Date.now();
    const ns = `qdhcp-${network.id}`;
    await this.waitAll(
      'dhcp',
      since,
      [
        {
          name: 'portCreated',
          probe: async () => {
            const ports = await this.api.list('ports', { network_id: network.id, device_owner: 'network:dhcp' });
            this.ids.dhcpPort = ports[0]?.id;
            return ports.length > 0;
          },
        },
        { name: 'portActive', probe: () => this.portActive(this.ids.dhcpPort) },
        { name: 'namespace', probe: async () => nsExists(ns) },
        { name: 'dnsmasq', probe: async () => nsPids(ns).some((pid) => cmdline(pid).startsWith('dnsmasq') && cmdline(pid).includes(network.id)) },
      ],
      ['dhcp', this.l2],
      [network.id, this.ids.dhcpPort],
    );
    this.timings['dhcpPortActiveMs'] = this.timings['dhcp.portActive']!;
  }

  /** c. The VM port binds (vif_type bridge or ovs), goes ACTIVE once its tap is up, and the VM gets its address by DHCP. */
  async stepVmPort(): Promise<void> {
    const networkId = this.need('network');
    const port = await this.api.create('ports', 'port', {
      network_id: networkId,
      name: 'vm1-port',
      'binding:host_id': this.host,
      device_owner: 'compute:nova',
      device_id: randomUUID(),
    });
    this.ids.vmPort = port.id;
    this.vm.mac = port['mac_address'] as string;
    this.vm.ip = (port['fixed_ips'] as { ip_address: string }[])[0]?.ip_address;
    const failures: string[] = [];
    const shown = await this.api.show('ports', 'port', port.id);
    if (shown['binding:vif_type'] !== this.vifType) {
      failures.push(
        `binding:vif_type is ${String(shown['binding:vif_type'])}, not ${this.vifType} (binding:vif_details ${JSON.stringify(shown['binding:vif_details'])})`,
      );
    }
    if (this.ovs) await this.topology.plugVmIntoOvs(port.id, this.vm.mac, String(port['device_id']), this.ovs);
    else await this.topology.plugVm(port.id, this.vm.mac, networkId);
    const tapUp = Date.now();
    this.vm.tapUpAt = tapUp;
    const [active, dhcp] = await Promise.allSettled([
      this.waitAll('vmPort', tapUp, [{ name: 'active', probe: () => this.portActive(port.id) }], [this.l2, 'dhcp'], [port.id]),
      (async () => {
        const lease = await this.topology.dhcpInVm(30);
        this.vm.leased = lease.leased;
        if (lease.leased?.split('/')[0] !== this.vm.ip) {
          throw new Error(
            `the VM's DHCP client (dhclient, 30 s) got ${lease.leased ?? 'no address'}, expected ${this.vm.ip}:\n${lease.output}\ndnsmasq log:\n${this.dnsmasqLog(networkId, 10)}`,
          );
        }
        this.timings['vmDhcpLeaseMs'] = Date.now() - tapUp;
      })(),
    ]);
    if (active.status === 'fulfilled') this.timings['vmPortActiveMs'] = this.timings['vmPort.active']!;
    else failures.push(errorText(active.reason));
    if (dhcp.status === 'rejected') failures.push(errorText(dhcp.reason));
    if (failures.length) throw new Error(failures.join('\n\n'));
  }

  /**
   * d. A router on the subnet with its gateway on the flat external network
   * `public`: qrouter-<id> holds qr- and qg- with their addresses, the
   * router's ports go ACTIVE, the VM pings the router, the external
   * namespace pings the gateway address.
   */
  async stepRouter(): Promise<void> {
    const subnetId = this.need('subnet');
    const publicNet = await this.api.create('networks', 'network', {
      name: 'public',
      'router:external': true,
      'provider:network_type': 'flat',
      'provider:physical_network': 'public',
    });
    this.ids.publicNetwork = publicNet.id;
    const publicSubnet = await this.api.create('subnets', 'subnet', {
      network_id: publicNet.id,
      name: 'public-subnet',
      cidr: '172.24.4.0/24',
      ip_version: 4,
      gateway_ip: Topology.EXTERNAL_GATEWAY,
      enable_dhcp: false,
      allocation_pools: [{ start: '172.24.4.10', end: '172.24.4.100' }],
    });
    this.ids.publicSubnet = publicSubnet.id;
    const router = await this.api.create('routers', 'router', { name: 'e2e-router', external_gateway_info: { network_id: publicNet.id } });
    this.ids.router = router.id;
    this.run.ownNamespace(`qrouter-${router.id}`);
    const gateway = (router['external_gateway_info'] as { external_fixed_ips?: { ip_address: string }[] } | null)?.external_fixed_ips?.[0]?.ip_address;
    this.gatewayIp = gateway;
    const since = Date.now();
    const added = await this.api.action('routers', router.id, 'add_router_interface', { subnet_id: subnetId });
    this.ids.routerPort = added['port_id'] as string;
    this.ids.gatewayPort = (await this.api.list('ports', { device_id: router.id, device_owner: 'network:router_gateway' }))[0]?.id;
    const ns = `qrouter-${router.id}`;
    const has = async (prefix: string, portId: string | undefined, cidr: string): Promise<boolean> =>
      !!portId && (await addresses(ns, `${prefix}${portId.slice(0, 11)}`)).some((a) => a.cidr === cidr);
    await this.waitAll(
      'router',
      since,
      [
        { name: 'namespace', probe: async () => nsExists(ns) },
        { name: 'qrAddress', probe: () => has('qr-', this.ids.routerPort, '10.10.0.1/24') },
        { name: 'qgAddress', probe: () => has('qg-', this.ids.gatewayPort, `${gateway}/24`) },
        { name: 'interfacePortBound', probe: () => this.portBoundHere(this.ids.routerPort) },
        { name: 'gatewayPortBound', probe: () => this.portBoundHere(this.ids.gatewayPort) },
        { name: 'interfacePortActive', probe: () => this.portActive(this.ids.routerPort) },
        { name: 'gatewayPortActive', probe: () => this.portActive(this.ids.gatewayPort) },
        // The metadata proxy the L3 agent starts for the router once it has built it.
        { name: 'metadataProxy', probe: async () => this.processesNaming(router.id).some((p) => p.includes('haproxy')) },
      ],
      ['l3', this.l2],
      [router.id, this.ids.routerPort, this.ids.gatewayPort],
    );
    this.timings['routerReadyMs'] = Math.max(this.timings['router.namespace']!, this.timings['router.qrAddress']!, this.timings['router.qgAddress']!);
    this.timings['routerPortActiveMs'] = this.timings['router.interfacePortActive']!;
    const failures: string[] = [];
    let vmAddress = 'by DHCP';
    if (!(await addresses(this.topology.vmNs, 'eth0')).some((a) => a.family === 'inet') && this.vm.ip) {
      // Step c's DHCP failed: give the VM its fixed IP by hand so that this step still checks the router's data path.
      await run('ip', ['-n', this.topology.vmNs, 'addr', 'add', `${this.vm.ip}/24`, 'dev', 'eth0'], { env: { PATH: SYSTEM_PATH } });
      vmAddress = 'set by hand, DHCP having failed';
    }
    let t = Date.now();
    if (await this.topology.ping(this.topology.vmNs, '10.10.0.1', 20_000)) this.timings['vmPingsRouterMs'] = Date.now() - t;
    else failures.push(`the VM (${this.vm.ip}, address ${vmAddress}) does not ping the router's 10.10.0.1 within 20 s\n${await this.bridgeState()}`);
    t = Date.now();
    if (gateway && (await this.topology.ping(this.topology.extNs, gateway, 20_000))) this.timings['externalPingsGatewayMs'] = Date.now() - t;
    else failures.push(`the external namespace does not ping the router's gateway ${String(gateway)} within 20 s\n${await this.bridgeState()}`);
    if (failures.length) throw new Error(failures.join('\n\n'));
  }

  /**
   * e. The VM port's firewall exists in the host and a new rule (ingress
   * tcp 2222 from anywhere) reaches it: the linuxbridge agent's iptables
   * chains, or the OVS firewall's flows of the port.
   */
  async stepSecurityGroups(): Promise<void> {
    const portId = this.need('vmPort');
    const firewall = this.ovs ? await this.ovsFirewall(this.ovs, portId) : this.iptablesFirewall(portId);
    await this.waitAll('sg', Date.now(), firewall.exists, [this.l2], [portId]);
    const port = await this.api.show('ports', 'port', portId);
    const groupId = (port['security_groups'] as string[])[0];
    if (!groupId) throw new Error(`the VM port has no security group: ${JSON.stringify(port)}`);
    this.ids.securityGroup = groupId;
    const rule = await this.api.create('security-group-rules', 'security_group_rule', {
      security_group_id: groupId,
      direction: 'ingress',
      ethertype: 'IPv4',
      protocol: 'tcp',
      port_range_min: 2222,
      port_range_max: 2222,
      remote_ip_prefix: '0.0.0.0/0',
    });
    this.ids.rule = rule.id;
    await this.waitAll('sgRule', Date.now(), [firewall.hasRule], [this.l2], [portId, groupId]);
    this.timings[firewall.ruleTiming] = this.timings[`sgRule.${firewall.hasRule.name}`]!;
  }

  /** The linuxbridge agent's iptables firewall of a port: its chains neutron-linuxbri-i/o<port[:10]>, the rule as a --dport in the ingress chain. */
  private iptablesFirewall(portId: string): { exists: Condition[]; hasRule: Condition; ruleTiming: string } {
    const chainIn = `neutron-linuxbri-i${portId.slice(0, 10)}`;
    const chainOut = `neutron-linuxbri-o${portId.slice(0, 10)}`;
    const save = async (): Promise<string> => (await inNs(this.topology.hostNs, 'iptables-save', [], { timeoutMs: 20_000 })).stdout;
    return {
      exists: [
        { name: 'chainIn', probe: async () => (await save()).includes(`:${chainIn} `) },
        { name: 'chainOut', probe: async () => (await save()).includes(`:${chainOut} `) },
      ],
      hasRule: {
        name: 'inIptables',
        probe: async () => (await save()).split('\n').some((line) => line.startsWith(`-A ${chainIn} `) && line.includes('--dport 2222')),
      },
      ruleTiming: 'ruleInIptablesMs',
    };
  }

  /**
   * The OVS firewall (neutron's openvswitch_firewall) of a port in br-int:
   * the flows of its egress and ingress rules tables (72, 82) marked with
   * its OpenFlow port number (reg5), the new rule as a tp_dst=2222 flow in
   * the ingress one.
   */
  private async ovsFirewall(ovs: OvsSwitch, portId: string): Promise<{ exists: Condition[]; hasRule: Condition; ruleTiming: string }> {
    const tap = Topology.tapName(portId);
    const ofport = Number((await ovs.vsctl('get', 'Interface', tap, 'ofport')).stdout.trim());
    if (!(ofport > 0)) throw new Error(`${tap} has no OpenFlow port in br-int (ofport ${ofport})\n${await ovs.state()}`);
    const mark = `reg5=0x${ofport.toString(16)}`;
    const portFlows = async (table: number): Promise<string[]> =>
      (await ovs.flows('br-int', `table=${table}`)).split('\n').filter((line) => line.includes(mark));
    return {
      exists: [
        { name: 'egressRules', probe: async () => (await portFlows(72)).length > 0 },
        { name: 'ingressRules', probe: async () => (await portFlows(82)).length > 0 },
      ],
      hasRule: { name: 'inFlows', probe: async () => (await portFlows(82)).some((line) => /tp_dst=2222\b/.test(line)) },
      ruleTiming: 'ruleInFlowsMs',
    };
  }

  /**
   * f. Everything deleted through the API, as an operator does it: one
   * change at a time, each followed by its effect on the host before the
   * next (so that no agent is left racing another over a device a later
   * delete removes):
   *
   * 1. the VM's tap unplugged and its port deleted: its MAC leaves dnsmasq's hosts file;
   * 2. remove_router_interface: qr-<port> leaves qrouter-<id>, its MAC leaves the hosts file;
   * 3. the router's gateway cleared: qg-<port> leaves qrouter-<id>;
   * 4. the router deleted: qrouter-<id> and its haproxy go (the L3 agent's gratuitous ARPs are waited for first);
   * 5. the subnet deleted: qdhcp-<net> and its dnsmasq go (no DHCP-enabled subnet left);
   * 6. the network deleted: the host's brq<net id> goes (with OVS: its VXLAN's flows in br-tun, see l2Trace);
   * 7. the external subnet and network deleted: the host's brq<public id> goes (with OVS: its flows in br-ex).
   *
   * Timings: `delete.<phase>.<condition>` from each phase's API call,
   * `deleteCleanedMs` from the first call to the last effect.
   */
  async stepDeleteAll(): Promise<void> {
    const failures: string[] = [];
    const { vmPort, router, subnet, network, publicSubnet, publicNetwork, routerPort, gatewayPort } = this.ids;
    // A namespace or process that never appeared cannot be seen go: say so rather than pass.
    const existed = {
      [`qdhcp-<network>`]: !!network && nsExists(`qdhcp-${network}`),
      [`dnsmasq for <network>`]: !!network && this.processesNaming(network).some((p) => p.includes('dnsmasq')),
      [`qrouter-<router>`]: !!router && nsExists(`qrouter-${router}`),
      [`haproxy for <router>`]: !!router && this.processesNaming(router).some((p) => p.includes('haproxy')),
    };
    for (const [what, there] of Object.entries(existed)) {
      if (!there) failures.push(`${what} was not there before the deletes (an earlier step failed), so its removal cannot be checked`);
    }
    // Taken before the first delete: with OVS they go with the network's last port, before the network itself.
    const networkTrace = network ? await this.l2Trace(network) : undefined;
    const publicTrace = publicNetwork ? await this.l2Trace(publicNetwork) : undefined;
    const started = Date.now();
    const hostsFile = network ? join(this.agents.stateDir, 'dhcp', network, 'host') : '';
    const inHostsFile = (mac: string | undefined): boolean => !!mac && existsSync(hostsFile) && readFileSync(hostsFile, 'utf8').includes(mac);
    const routerPortMac = routerPort ? ((await this.port(routerPort).catch(() => undefined))?.['mac_address'] as string | undefined) : undefined;
    const device = async (ns: string, name: string): Promise<boolean> => (await links(ns)).some((l) => l.ifname === name);
    const phase = async (
      name: string,
      action: () => Promise<unknown>,
      conditions: Condition[],
      kinds: AgentKind[],
      ids: (string | undefined)[],
    ): Promise<void> => {
      const since = Date.now();
      try {
        await action();
      } catch (error) {
        failures.push(`${name}: ${errorText(error)}`);
        return;
      }
      if (conditions.length) await this.waitAll(`delete.${name}`, since, conditions, kinds, ids).catch((error: unknown) => failures.push(errorText(error)));
    };
    if (vmPort) {
      await phase(
        'vmPort',
        async () => {
          await this.topology.unplugVm(vmPort, this.ovs);
          await this.api.remove('ports', vmPort);
        },
        this.vm.mac && network ? [{ name: 'macLeftDhcpHosts', probe: async () => !inHostsFile(this.vm.mac) }] : [],
        ['dhcp', this.l2],
        [vmPort],
      );
    }
    if (router) {
      const ns = `qrouter-${router}`;
      // The L3 agent may still be sending gratuitous ARPs for the addresses it configured: removing them under it
      // makes it log the agent's own race at ERROR (see waitForGratuitousArps).
      await this.waitForGratuitousArps([routerPort, gatewayPort]);
      if (subnet) {
        const conditions: Condition[] = [];
        if (routerPort && nsExists(ns)) conditions.push({ name: 'qrGone', probe: async () => !(await device(ns, `qr-${routerPort.slice(0, 11)}`)) });
        if (routerPortMac && network) conditions.push({ name: 'macLeftDhcpHosts', probe: async () => !inHostsFile(routerPortMac) });
        await phase(
          'routerInterface',
          () => this.api.action('routers', router, 'remove_router_interface', { subnet_id: subnet }),
          conditions,
          ['l3', 'dhcp'],
          [router, routerPort],
        );
      }
      // Taking the interface away made the agent process the router again, and it may be sending the gateway's ARPs anew.
      await this.waitForGratuitousArps([gatewayPort]);
      await phase(
        'gateway',
        () => this.api.update('routers', 'router', router, { external_gateway_info: {} }),
        gatewayPort && nsExists(ns) ? [{ name: 'qgGone', probe: async () => !(await device(ns, `qg-${gatewayPort.slice(0, 11)}`)) }] : [],
        ['l3'],
        [router, gatewayPort],
      );
      const conditions: Condition[] = [];
      if (existed['qrouter-<router>']) conditions.push({ name: 'qrouterGone', probe: async () => !nsExists(ns) });
      if (existed['haproxy for <router>'])
        conditions.push({ name: 'haproxyGone', probe: async () => !this.processesNaming(router).some((p) => p.includes('haproxy')) });
      await phase('router', () => this.api.remove('routers', router), conditions, ['l3'], [router]);
    }
    if (network) {
      // The subnet first: with no DHCP-enabled subnet left the DHCP agent disables the network (dnsmasq, its ns-
      // device, qdhcp-<net>) by itself. Deleting the network at once would race it against the linuxbridge agent,
      // whose network_delete removes brq<net> with the DHCP port's tap (and so the ns- end the DHCP agent unplugs).
      const conditions: Condition[] = [];
      if (existed['qdhcp-<network>']) conditions.push({ name: 'qdhcpGone', probe: async () => !nsExists(`qdhcp-${network}`) });
      if (existed['dnsmasq for <network>'])
        conditions.push({ name: 'dnsmasqGone', probe: async () => !this.processesNaming(network).some((p) => p.includes('dnsmasq')) });
      if (subnet) await phase('subnet', () => this.api.remove('subnets', subnet), conditions, ['dhcp'], [network, subnet]);
      await phase(
        'network',
        () => this.api.remove('networks', network),
        [...(subnet ? [] : conditions), ...(networkTrace?.existed ? [networkTrace.gone] : [])],
        ['dhcp', this.l2],
        [network],
      );
    }
    if (publicNetwork) {
      await phase(
        'publicNetwork',
        async () => {
          if (publicSubnet) await this.api.remove('subnets', publicSubnet);
          await this.api.remove('networks', publicNetwork);
        },
        publicTrace?.existed ? [publicTrace.gone] : [],
        [this.l2],
        [publicNetwork],
      );
    }
    if (failures.length) throw new Error(failures.join('\n\n'));
    // The deliberate wait for the L3 agent's gratuitous ARPs is not the agents' clean-up time.
    this.timings['deleteCleanedMs'] = Date.now() - started - (this.timings['delete.waitedForGratuitousArps'] ?? 0);
  }

  /**
   * Waits (at most 20 s) until the L3 agent has sent its last gratuitous
   * ARP in qrouter-<id>: neutron's _arping thread sends 3 rounds 2 s apart
   * after each address it configures, and a round that finds the namespace
   * deleted is logged at ERROR by agent.linux.utils.execute ("Cannot open
   * network namespace", exit 255) before _arping downgrades it to INFO. An
   * operator does not delete a router seconds after creating it; the test
   * would, and the ERROR would be the agent's race, not the server's.
   * Reads the rounds from the agent's debug log (the devices of `routerPorts`).
   */
  async waitForGratuitousArps(routerPorts: (string | undefined)[]): Promise<void> {
    const started = Date.now();
    const devices = routerPorts.filter((id): id is string => !!id).flatMap((id) => [`qr-${id.slice(0, 11)}`, `qg-${id.slice(0, 11)}`]);
    if (devices.length === 0) return;
    // The privsep daemon's replies carry arping's output: "ARPING <address> from <address> <device>".
    const pattern = new RegExp(`(arping|ARPING).*(${devices.join('|')})`);
    const lastArp = (): number => {
      const lines = grep(this.agents.logFile('l3'), pattern, 1);
      const stamp = /^(\S+) (\S+)/.exec(lines[0] ?? '');
      return stamp ? new Date(`${stamp[1]}T${stamp[2]}`).getTime() : 0;
    };
    while (Date.now() - started < 20_000 && Date.now() - lastArp() < 4_500) await new Promise((resolve) => setTimeout(resolve, 250));
    this.timings['delete.waitedForGratuitousArps'] = (this.timings['delete.waitedForGratuitousArps'] ?? 0) + (Date.now() - started);
  }

  /**
   * What the L2 agent built on the host for a network, which goes when the
   * network does: the linuxbridge agent's brq<net id[:11]>; the OVS agent's
   * flows of its local VLAN, in br-tun for a VXLAN network (tun_id =
   * the VNI, table 4) and in the physical bridge for a flat one (the
   * strip_vlan flow of the local VLAN, the only one a single flat network has).
   */
  async l2Trace(networkId: string): Promise<{ existed: boolean; gone: Condition }> {
    let present: () => Promise<boolean>;
    let name = 'bridgeGone';
    const ovs = this.ovs;
    if (!ovs) {
      const bridge = Topology.bridgeName(networkId);
      present = async () => (await links(this.topology.hostNs)).some((l) => l.ifname === bridge);
    } else {
      const network = await this.api.show('networks', 'network', networkId);
      if (network['provider:network_type'] === 'vxlan') {
        const tunnel = `tun_id=0x${Number(network['provider:segmentation_id']).toString(16)}`;
        name = 'tunnelFlowsGone';
        present = async () => (await ovs.flows('br-tun', 'table=4')).includes(tunnel);
      } else {
        const bridge = PHYSICAL_BRIDGES[String(network['provider:physical_network'])] ?? 'br-ex';
        name = 'physicalFlowsGone';
        present = async () => (await ovs.flows(bridge)).includes('strip_vlan');
      }
    }
    return { existed: await present(), gone: { name, probe: async () => !(await present()) } };
  }

  /** ERROR and Traceback lines in every agent log over the whole run. */
  logProblems(): Record<string, { errors: number; tracebacks: number }> {
    return Object.fromEntries(this.agentKinds.map((kind) => [kind, countProblems(this.agents.logFile(kind))]));
  }

  // ---------------------------------------------------------------- helpers

  private need(what: keyof AgentsScenario['ids']): string {
    const id = this.ids[what];
    if (!id) throw new Error(`no ${what}: an earlier step failed before creating it`);
    return id;
  }

  dnsmasqLog(networkId: string, n: number): string {
    const file = join(this.run.logDir, 'dnsmasq', networkId, 'dhcp_dns_log');
    return existsSync(file) ? tail(file, n) : `(no ${file})`;
  }

  async bridgeState(): Promise<string> {
    if (this.ovs) return this.ovs.state();
    const r = await run('bridge', ['-n', this.topology.hostNs, 'link'], { env: { PATH: SYSTEM_PATH }, allowFailure: true });
    return `bridge ports in ${this.topology.hostNs}:\n${r.stdout}`;
  }

  brokerState(): Promise<string> {
    return brokerState(this.vhost);
  }

  /** What a benchmark reads of this run: steps passed or failed, timings, agents' log problems. */
  summary(steps: Record<string, string>): {
    layout: string;
    steps: Record<string, string>;
    timingsMs: Record<string, number>;
    agentLogProblems: Record<string, { errors: number; tracebacks: number }>;
  } {
    return { layout: this.layout, steps, timingsMs: this.timings, agentLogProblems: this.agents ? this.logProblems() : {} };
  }

  readLog(kind: AgentKind): string {
    return readFileSync(this.agents.logFile(kind), 'utf8');
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readdirSyncSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
