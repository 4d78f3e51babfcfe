import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cleanup } from './cleanup.js';
import { killProcessesNaming } from './netns.js';
import { Background, SYSTEM_PATH } from './proc.js';

export type AgentKind = 'linuxbridge' | 'openvswitch' | 'dhcp' | 'l3' | 'metadata';
/** The L2 agents a run may use (one per run). */
export type L2AgentKind = 'linuxbridge' | 'openvswitch';

export const AGENT_BINARIES: Record<AgentKind, string> = {
  linuxbridge: '/usr/bin/neutron-linuxbridge-agent',
  openvswitch: '/usr/bin/neutron-openvswitch-agent',
  dhcp: '/usr/bin/neutron-dhcp-agent',
  l3: '/usr/bin/neutron-l3-agent',
  metadata: '/usr/bin/neutron-metadata-agent',
};

/** The agent_type each reports in GET /v2.0/agents. */
export const AGENT_TYPES: Record<AgentKind, string> = {
  linuxbridge: 'Linux bridge agent',
  openvswitch: 'Open vSwitch agent',
  dhcp: 'DHCP agent',
  l3: 'L3 agent',
  metadata: 'Metadata agent',
};

/** Every oslo.privsep context neutron (and os-vif) declares: each reads helper_command from its own section. */
const PRIVSEP_SECTIONS = ['privsep', 'privsep_link', 'privsep_namespace', 'privsep_dhcp_release', 'privsep_conntrack', 'privsep_ovs_vsctl'];

export interface AgentsOptions {
  /** Temp folder: configs, state, locks, logs. */
  dir: string;
  logDir: string;
  /** Namespace all the agents run in (the "compute/network host"). */
  hostNs: string;
  /** The agents' `host`. */
  host: string;
  vhost: string;
  /** physnet name -> interface in hostNs (the linuxbridge agent's interface_mappings). */
  interfaceMappings: Record<string, string>;
  /** The L2 agent, which also decides the DHCP and L3 agents' interface_driver. */
  l2: L2AgentKind;
  /** With the Open vSwitch agent: physnet name -> OVS bridge (bridge_mappings), the ovsdb connection and the environment that finds the run's OVS. */
  ovs?: { bridgeMappings: Record<string, string>; connection: string; env: Record<string, string> };
  /** VXLAN local_ip, an address of hostNs. */
  localIp: string;
  /** A 127.0.0.1 port nothing listens on, as the nova metadata API. */
  novaMetadataPort: number;
  /**
   * Each agent's qdhcp-/qrouter- namespaces in a /run/netns of its own mount
   * namespace: invisible to the machine, and gone with the agent's processes
   * (a run that never looks into them, such as Tempest's, has nothing to
   * find and delete; killLeftovers() ends the daemons they hold).
   */
  privateNamespaces?: boolean;
}

/**
 * The four agents' configuration files, written under `dir` and always
 * named with --config-file (plus an empty --config-dir, so that oslo.config
 * searches no default folder such as /etc/neutron/neutron.conf.d). No
 * rootwrap: we run as root, so `[agent] root_helper` is empty and every
 * privsep context starts privsep-helper directly (not through sudo) with
 * the same files.
 */
export class Agents {
  readonly confDir: string;
  readonly emptyDir: string;
  readonly stateDir: string;
  readonly processes = new Map<AgentKind, Background>();

  constructor(readonly options: AgentsOptions) {
    this.confDir = join(options.dir, 'agents-etc');
    this.emptyDir = join(options.dir, 'agents-etc', 'empty.d');
    this.stateDir = join(options.dir, 'agents-state');
  }

  configFiles(kind: AgentKind): string[] {
    return [join(this.confDir, 'neutron.conf'), join(this.confDir, `${kind}.ini`)];
  }

  logFile(kind: AgentKind): string {
    return join(this.options.logDir, `${kind}-agent.log`);
  }

  private configArgs(kind: AgentKind): string[] {
    return [...this.configFiles(kind).flatMap((file) => ['--config-file', file]), '--config-dir', this.emptyDir];
  }

  write(): void {
    const o = this.options;
    mkdirSync(this.emptyDir, { recursive: true });
    mkdirSync(this.stateDir, { recursive: true });
    mkdirSync(join(this.stateDir, 'lock'), { recursive: true });
    mkdirSync(join(o.logDir, 'dnsmasq'), { recursive: true });
    writeFileSync(
      join(this.confDir, 'neutron.conf'),
      `[DEFAULT]
host = ${o.host}
transport_url = rabbit://guest:guest@127.0.0.1:5672/${o.vhost}
state_path = ${this.stateDir}
debug = true
use_stderr = false
rpc_response_timeout = 30

[agent]
root_helper =
report_interval = 5

[oslo_concurrency]
lock_path = ${join(this.stateDir, 'lock')}
${
  // Every agent plugging into OVS (the L2 agent, and the DHCP and L3 agents' openvswitch interface driver) reaches the run's ovsdb-server.
  o.ovs ? `\n[ovs]\novsdb_connection = ${o.ovs.connection}\nintegration_bridge = br-int\n` : ''
}`,
    );
    const privsep = (kind: AgentKind): string => {
      const helper = ['privsep-helper', ...this.configArgs(kind)].join(' ');
      return PRIVSEP_SECTIONS.map((section) => `[${section}]\nhelper_command = ${helper}\n`).join('\n');
    };
    const mappings = Object.entries(o.interfaceMappings)
      .map(([physnet, device]) => `${physnet}:${device}`)
      .join(',');
    const bridgeMappings = Object.entries(o.ovs?.bridgeMappings ?? {})
      .map(([physnet, bridge]) => `${physnet}:${bridge}`)
      .join(',');
    const files: Record<AgentKind, string> = {
      linuxbridge: `[linux_bridge]
physical_interface_mappings = ${mappings}

[vxlan]
enable_vxlan = true
local_ip = ${o.localIp}
l2_population = true

[securitygroup]
firewall_driver = iptables
enable_security_group = true

[agent]
polling_interval = 1
`,
      // The userspace datapath (no openvswitch kernel module here); the OVS
      // firewall, which nova's no-hybrid-plug taps in br-int go with.
      openvswitch: `[ovs]
datapath_type = netdev
integration_bridge = br-int
tunnel_bridge = br-tun
local_ip = ${o.localIp}
bridge_mappings = ${bridgeMappings}
of_listen_address = 127.0.0.1

[agent]
tunnel_types = vxlan
l2_population = true
polling_interval = 1

[securitygroup]
firewall_driver = openvswitch
enable_security_group = true
`,
      dhcp: `[DEFAULT]
interface_driver = ${o.l2}
dhcp_driver = neutron.agent.linux.dhcp.Dnsmasq
enable_isolated_metadata = false
resync_interval = 5
dnsmasq_base_log_dir = ${join(o.logDir, 'dnsmasq')}
`,
      l3: `[DEFAULT]
interface_driver = ${o.l2}
agent_mode = legacy

[agent]
extensions =
`,
      metadata: `[DEFAULT]
nova_metadata_host = 127.0.0.1
nova_metadata_port = ${o.novaMetadataPort}
metadata_proxy_shared_secret = agents-e2e
metadata_workers = 1
`,
    };
    for (const kind of Object.keys(files) as AgentKind[]) {
      writeFileSync(join(this.confDir, `${kind}.ini`), `${files[kind]}\n${privsep(kind)}`);
    }
  }

  /**
   * Starts `kind` inside the host namespace, as on a host of its own:
   *
   * - `nsenter --net`, not `ip netns exec`, which makes every mount a slave:
   *   the qdhcp-/qrouter- namespaces the agent creates (bind mounts under
   *   /run/netns, a shared mount) must be visible to everyone;
   * - in a mount namespace of its own (`unshare --mount --propagation
   *   unchanged`, so /run/netns stays shared with the machine) where /sys is
   *   made a slave and a sysfs of the host namespace is mounted over it: the
   *   linuxbridge agent finds its tap devices and bridges in
   *   /sys/class/net, which otherwise shows the machine's interfaces;
   * - with privateNamespaces, a mount namespace that shares nothing, with a
   *   tmpfs of its own on /run/netns.
   */
  start(kind: AgentKind, cleanup: Cleanup): Background {
    const isolated = this.options.privateNamespaces === true;
    const args = [
      `--net=/run/netns/${this.options.hostNs}`,
      '--',
      'unshare',
      '--mount',
      '--propagation',
      isolated ? 'private' : 'unchanged',
      '--',
      '/bin/sh',
      '-c',
      isolated
        ? 'mount -t sysfs sysfs /sys && mount -t tmpfs tmpfs /run/netns && exec "$0" "$@"'
        : 'mount --make-rslave /sys && mount -t sysfs sysfs /sys && exec "$0" "$@"',
      '/usr/bin/python3',
      AGENT_BINARIES[kind],
      ...this.configArgs(kind),
      '--log-file',
      this.logFile(kind),
    ];
    const agent = new Background(`${kind}-agent`, 'nsenter', args, join(this.options.logDir, `${kind}-agent.stdout.log`), {
      cwd: this.stateDir,
      env: { PATH: SYSTEM_PATH, HOME: this.options.dir, LANG: 'C.UTF-8', ...this.options.ovs?.env },
    });
    this.processes.set(kind, agent);
    cleanup.add(`${kind} agent`, () => agent.killNow());
    return agent;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.processes.values()].map((agent) => agent.stop(10_000)));
  }

  /**
   * SIGKILLs what the agents started that left their process groups
   * (dnsmasq, haproxy, keepalived and privsep daemons, which all name the
   * agents' folders on their command lines); returns what it killed.
   */
  killLeftovers(): string[] {
    return [...killProcessesNaming(this.confDir), ...killProcessesNaming(this.stateDir)];
  }
}
