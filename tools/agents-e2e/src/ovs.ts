import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Cleanup } from './cleanup.js';
import { tail } from './logs.js';
import { ip } from './netns.js';
import { Background, Fatal, run, SYSTEM_PATH, waitFor, type RunResult } from './proc.js';

/** The OVS bridges of the host's physical networks (the agent's bridge_mappings), each holding the physnet's interface. */
export const PHYSICAL_BRIDGES: Record<string, string> = { physnet1: 'br-phys1', public: 'br-ex' };

/**
 * Open vSwitch for the host namespace: an ovsdb-server and an ovs-vswitchd
 * of the run's own, started inside the namespace (`nsenter --net`), with
 * their database, sockets, pid and log files in the run's folder (OVS_RUNDIR,
 * OVS_DBDIR, OVS_LOGDIR), so nothing of the machine's OVS (none runs here)
 * is touched. Bridges use the userspace datapath (`datapath_type =
 * netdev`): the machine has no openvswitch kernel module. Their ports are
 * tap devices of ovs-vswitchd in the namespace, which go with the process;
 * the cleanup kills both processes' groups and the run's folder holds the rest.
 */
export class OvsSwitch {
  readonly dir: string;
  readonly dbFile: string;
  readonly dbSocket: string;
  /** What the agents and the ovs-* tools need to find this OVS. */
  readonly env: Record<string, string>;
  readonly processes: Background[] = [];

  constructor(
    readonly hostNs: string,
    runDir: string,
    readonly logDir: string,
  ) {
    this.dir = join(runDir, 'ovs');
    this.dbFile = join(this.dir, 'conf.db');
    this.dbSocket = join(this.dir, 'db.sock');
    this.env = { OVS_RUNDIR: this.dir, OVS_DBDIR: this.dir, OVS_LOGDIR: logDir, OVS_SYSCONFDIR: this.dir, OVS_PKGDATADIR: '/usr/share/openvswitch' };
  }

  /** The ovsdb_connection the agents use. */
  get connection(): string {
    return `unix:${this.dbSocket}`;
  }

  private get toolEnv(): NodeJS.ProcessEnv {
    return { PATH: SYSTEM_PATH, ...this.env };
  }

  vsctl(...args: string[]): Promise<RunResult> {
    return run('ovs-vsctl', [`--db=${this.connection}`, '--timeout=20', ...args], { env: this.toolEnv, timeoutMs: 30_000 });
  }

  /** `ovs-ofctl dump-flows <bridge> [match]`, as text ('' when the bridge is not there yet). */
  async flows(bridge: string, match?: string): Promise<string> {
    const result = await run('ovs-ofctl', ['dump-flows', bridge, ...(match ? [match] : [])], { env: this.toolEnv, timeoutMs: 20_000, allowFailure: true });
    return result.code === 0 ? result.stdout : '';
  }

  private background(name: string, args: string[]): Background {
    const process = new Background(name, 'nsenter', [`--net=/run/netns/${this.hostNs}`, '--', ...args], join(this.logDir, `${name}.stdout.log`), {
      cwd: this.dir,
      env: this.toolEnv,
    });
    this.processes.push(process);
    return process;
  }

  /** Creates the database, starts both daemons and the physical bridges (each with its interface of the host namespace). */
  async start(cleanup: Cleanup, physicalInterfaces: Record<string, string>): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    await run('ovsdb-tool', ['create', this.dbFile, '/usr/share/openvswitch/vswitch.ovsschema'], { env: this.toolEnv });
    const ovsdb = this.background('ovsdb-server', [
      'ovsdb-server',
      this.dbFile,
      `--remote=punix:${this.dbSocket}`,
      '--remote=db:Open_vSwitch,Open_vSwitch,manager_options',
      `--pidfile=${join(this.dir, 'ovsdb-server.pid')}`,
      `--unixctl=${join(this.dir, 'ovsdb-server.ctl')}`,
      `--log-file=${join(this.logDir, 'ovsdb-server.log')}`,
    ]);
    cleanup.add('ovsdb-server', () => ovsdb.killNow());
    await waitFor(
      async () => {
        if (!ovsdb.running) throw new Fatal(`ovsdb-server exited:\n${tail(join(this.logDir, 'ovsdb-server.stdout.log'), 10)}`);
        return existsSync(this.dbSocket) ? true : undefined;
      },
      20_000,
      () => `ovsdb-server did not create ${this.dbSocket}`,
      100,
    );
    await this.vsctl('--no-wait', 'init');
    const vswitchd = this.background('ovs-vswitchd', [
      'ovs-vswitchd',
      this.connection,
      `--pidfile=${join(this.dir, 'ovs-vswitchd.pid')}`,
      `--log-file=${join(this.logDir, 'ovs-vswitchd.log')}`,
    ]);
    cleanup.add('ovs-vswitchd', () => vswitchd.killNow());
    for (const [physnet, device] of Object.entries(physicalInterfaces)) {
      const bridge = PHYSICAL_BRIDGES[physnet];
      if (!bridge) throw new Error(`no OVS bridge for physical network ${physnet}`);
      // Waits for ovs-vswitchd to apply it (no --no-wait): the agent checks the bridges exist when it starts.
      await this.vsctl('--may-exist', 'add-br', bridge, '--', 'set', 'Bridge', bridge, 'datapath_type=netdev', '--', '--may-exist', 'add-port', bridge, device);
      await ip('-n', this.hostNs, 'link', 'set', bridge, 'up');
    }
    if (!vswitchd.running) throw new Error(`ovs-vswitchd exited:\n${tail(join(this.logDir, 'ovs-vswitchd.log'), 10)}`);
  }

  /**
   * What nova's os-vif (ovs plugin, no hybrid plug: the agent's OVS
   * firewall) does for a VM port: its tap (here a veth whose other end is
   * the VM's eth0) in br-int, with the external_ids the agent finds the
   * port by.
   */
  async plug(tap: string, portId: string, mac: string, deviceId: string): Promise<void> {
    await this.vsctl(
      '--may-exist',
      'add-port',
      'br-int',
      tap,
      '--',
      'set',
      'Interface',
      tap,
      `external_ids:iface-id=${portId}`,
      'external_ids:iface-status=active',
      `external_ids:attached-mac=${mac}`,
      `external_ids:vm-uuid=${deviceId}`,
    );
  }

  async unplug(tap: string): Promise<void> {
    await this.vsctl('--if-exists', 'del-port', 'br-int', tap);
  }

  /** `ovs-vsctl show` and br-int's flows, for diagnoses. */
  async state(): Promise<string> {
    const show = await run('ovs-vsctl', [`--db=${this.connection}`, '--timeout=10', 'show'], { env: this.toolEnv, allowFailure: true });
    return `ovs-vsctl show:\n${show.stdout}${show.stderr}\nbr-int flows:\n${await this.flows('br-int')}`;
  }
}
