import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addresses, createNs, inNs, ip, links } from './netns.js';
import type { OvsSwitch } from './ovs.js';
import type { RunDir } from './rundir.js';

/**
 * The machines, as network namespaces:
 *
 * - `host`: the compute/network host where the four agents run. It holds
 *   `phys1` (physnet1's interface; its peer `phys1-peer` stays in `host`),
 *   `ext0` (the external flat network `public`; its peer `ext0-peer` is
 *   in `ext`), and `tun0` carrying the VXLAN local_ip (peer `tun0-peer` in
 *   `host`);
 * - `ext`: the "external" network's router, 172.24.4.1/24 on `ext0-peer`;
 * - `vm1`: a VM, its NIC `eth0` (the port's MAC) the peer of the host's
 *   `tap<port id[:11]>`.
 *
 * Nothing is connected to the machine's own interfaces; nothing is routed out.
 */
export class Topology {
  readonly hostNs: string;
  readonly extNs: string;
  readonly vmNs: string;
  static readonly LOCAL_IP = '10.255.255.1';
  static readonly EXTERNAL_GATEWAY = '172.24.4.1';
  static readonly INTERFACE_MAPPINGS = { physnet1: 'phys1', public: 'ext0' };

  constructor(
    readonly run: RunDir,
    prefix: string,
  ) {
    this.hostNs = `${prefix}-host`;
    this.extNs = `${prefix}-ext`;
    this.vmNs = `${prefix}-vm1`;
  }

  async create(): Promise<void> {
    for (const ns of [this.hostNs, this.extNs, this.vmNs]) {
      this.run.ownNamespace(ns);
      await createNs(ns);
    }
    const h = this.hostNs;
    await ip('-n', h, 'link', 'add', 'phys1', 'type', 'veth', 'peer', 'name', 'phys1-peer');
    await ip('-n', h, 'link', 'add', 'ext0', 'type', 'veth', 'peer', 'name', 'ext0-peer', 'netns', this.extNs);
    await ip('-n', h, 'link', 'add', 'tun0', 'type', 'veth', 'peer', 'name', 'tun0-peer');
    await ip('-n', h, 'addr', 'add', `${Topology.LOCAL_IP}/24`, 'dev', 'tun0');
    for (const dev of ['phys1', 'phys1-peer', 'ext0', 'tun0', 'tun0-peer']) await ip('-n', h, 'link', 'set', dev, 'up');
    await ip('-n', this.extNs, 'addr', 'add', `${Topology.EXTERNAL_GATEWAY}/24`, 'dev', 'ext0-peer');
    await ip('-n', this.extNs, 'link', 'set', 'ext0-peer', 'up');
  }

  static tapName(portId: string): string {
    return `tap${portId.slice(0, 11)}`;
  }

  static bridgeName(networkId: string): string {
    return `brq${networkId.slice(0, 11)}`;
  }

  /**
   * What nova's os-vif (linux_bridge plugin) does for a VM port: a tap in
   * the host (here a veth whose other end is the VM's eth0 with the port's
   * MAC), plugged into brq<network id[:11]>, created if the agent has not
   * made it yet. Resolves when the tap is up.
   */
  async plugVm(portId: string, mac: string, networkId: string): Promise<void> {
    const tap = await this.vmTap(portId, mac);
    const bridge = Topology.bridgeName(networkId);
    const h = this.hostNs;
    if (!(await links(h)).some((link) => link.ifname === bridge)) {
      await ip('-n', h, 'link', 'add', bridge, 'type', 'bridge').catch(async (error: unknown) => {
        // The agent may have created it meanwhile.
        if (!(await links(h)).some((link) => link.ifname === bridge)) throw error;
      });
      await ip('-n', h, 'link', 'set', bridge, 'up');
    }
    await ip('-n', h, 'link', 'set', tap, 'master', bridge);
    await ip('-n', h, 'link', 'set', tap, 'up');
  }

  /** The VM's NIC: a veth whose host end is tap<port id[:11]> (down) and whose other end is the VM's eth0 with the port's MAC. */
  private async vmTap(portId: string, mac: string): Promise<string> {
    const tap = Topology.tapName(portId);
    await ip('-n', this.hostNs, 'link', 'add', tap, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', this.vmNs);
    await ip('-n', this.vmNs, 'link', 'set', 'eth0', 'address', mac);
    await ip('-n', this.vmNs, 'link', 'set', 'eth0', 'up');
    return tap;
  }

  /** What os-vif's ovs plugin does for a VM port: its tap added to br-int with the port's external_ids (see OvsSwitch.plug). Resolves when the tap is up. */
  async plugVmIntoOvs(portId: string, mac: string, deviceId: string, ovs: OvsSwitch): Promise<void> {
    const tap = await this.vmTap(portId, mac);
    await ovs.plug(tap, portId, mac, deviceId);
    await ip('-n', this.hostNs, 'link', 'set', tap, 'up');
  }

  /** os-vif's unplug: the tap goes (and with it the VM's eth0), out of br-int first with OVS. */
  async unplugVm(portId: string, ovs?: OvsSwitch): Promise<void> {
    const tap = Topology.tapName(portId);
    await ovs?.unplug(tap);
    if ((await links(this.hostNs)).some((link) => link.ifname === tap)) await ip('-n', this.hostNs, 'link', 'del', tap);
  }

  /**
   * A real DHCP client (ISC dhclient) on the VM's eth0, once, within
   * `timeoutSeconds`; its script only sets the address and default route
   * of eth0 (never the machine's resolv.conf). Resolves with the address
   * leased, undefined when none.
   */
  async dhcpInVm(timeoutSeconds: number): Promise<{ leased?: string; output: string }> {
    const dir = join(this.run.dir, 'dhclient');
    writeFileSync(
      join(this.run.dir, 'dhclient-script'),
      `#!/bin/sh
# Only what a VM needs from the lease: its address and default route.
case "$reason" in
  PREINIT) ip link set dev "$interface" up ;;
  BOUND|RENEW|REBIND|REBOOT)
    ip -4 addr flush dev "$interface" scope global
    ip addr add "$new_ip_address/$new_subnet_mask" dev "$interface"
    [ -n "$new_routers" ] && ip route replace default via \${new_routers%% *} dev "$interface"
    ;;
esac
exit 0
`,
    );
    chmodSync(join(this.run.dir, 'dhclient-script'), 0o755);
    writeFileSync(`${dir}.conf`, `timeout ${timeoutSeconds};\ninitial-interval 1;\nbackoff-cutoff 2;\nrequest subnet-mask, routers;\n`);
    const result = await inNs(
      this.vmNs,
      'dhclient',
      ['-1', '-v', '-4', '-sf', join(this.run.dir, 'dhclient-script'), '-cf', `${dir}.conf`, '-lf', `${dir}.leases`, '-pf', `${dir}.pid`, 'eth0'],
      { timeoutMs: (timeoutSeconds + 10) * 1000, allowFailure: true },
    );
    const leased = (await addresses(this.vmNs, 'eth0')).find((a) => a.family === 'inet')?.cidr;
    return { leased, output: `${result.stdout}${result.stderr}`.slice(-3000) };
  }

  /** `ping -c 1` from namespace `ns`, retried until `timeoutMs`; resolves true on the first reply. */
  async ping(ns: string, address: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const r = await inNs(ns, 'ping', ['-c', '1', '-W', '1', address], { allowFailure: true, timeoutMs: 5_000 });
      if (r.code === 0) return true;
    }
    return false;
  }
}
