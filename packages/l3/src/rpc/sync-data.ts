import { constants, getAdminContext, parseCidr, type Port, type ResourceDict, type Subnet } from '@net-server/lib';
import type { L3CorePlugin } from '../plugin/core-access.js';
import type { FloatingIps } from '../plugin/floating-ips.js';
import type { Routers } from '../plugin/routers.js';

/**
 * What another service plugin adds to the routers an L3 agent syncs, in
 * place (neutron's l3_rpc asks the port forwarding plugin for
 * `sync_port_forwarding_fip`).
 */
export type RouterSyncExtender = (routers: ResourceDict[]) => Promise<void>;

/**
 * What an L3 agent needs to build routers (neutron's get_sync_data): each
 * router with `gw_port`, `_interfaces` and `_floatingips`, ports carrying
 * their `subnets`, `extra_subnets`, `mtu`, `address_scopes` and each fixed
 * IP's `prefixlen`, and the router's `ha` and `distributed` (HA routers' own
 * data is ha-sync-data's).
 */
export class RouterSyncData {
  readonly #core: L3CorePlugin;
  readonly #routers: Routers;
  readonly #floatingIps: FloatingIps;

  readonly #extenders: ReadonlySet<RouterSyncExtender>;

  constructor(core: L3CorePlugin, routers: Routers, floatingIps: FloatingIps, extenders: ReadonlySet<RouterSyncExtender> = new Set()) {
    this.#core = core;
    this.#routers = routers;
    this.#floatingIps = floatingIps;
    this.#extenders = extenders;
  }

  async routers(routerIds: readonly string[]): Promise<ResourceDict[]> {
    if (routerIds.length === 0) return [];
    const admin = getAdminContext();
    const routers = (await this.#routers.list(admin, { filters: { id: routerIds } })).filter((router) => router['admin_state_up'] === true);
    if (routers.length === 0) return [];
    const ids = routers.map((router) => String(router['id']));
    const ports = await this.#core.getPorts(admin, { filters: { device_id: ids } });
    const owned = ports.filter((port) => port.device_owner === constants.DEVICE_OWNER_ROUTER_GW || port.device_owner === constants.DEVICE_OWNER_ROUTER_INTF);
    const withSubnets = await this.portsWithSubnets(owned);
    const floatingIps = await this.#floatingIps.list(admin, { filters: { router_id: ids } });
    const synced = routers.map((router) => {
      const mine = withSubnets.filter((port) => port['device_id'] === router['id']);
      return {
        ...router,
        enable_snat: (router['external_gateway_info'] as Record<string, unknown> | null)?.['enable_snat'] ?? false,
        gw_port: mine.find((port) => port['device_owner'] === constants.DEVICE_OWNER_ROUTER_GW) ?? null,
        _interfaces: mine.filter((port) => port['device_owner'] === constants.DEVICE_OWNER_ROUTER_INTF),
        _floatingips: floatingIps.filter((fip) => fip['router_id'] === router['id']).map((fip) => ({ ...fip, fixed_ip_address_scope: null })),
      };
    });
    for (const extend of this.#extenders) await extend(synced);
    return synced;
  }

  /** neutron's _populate_mtu_and_subnets_for_ports. */
  async portsWithSubnets(ports: readonly Port[]): Promise<ResourceDict[]> {
    if (ports.length === 0) return [];
    const admin = getAdminContext();
    const networkIds = [...new Set(ports.map((port) => port.network_id))];
    const subnets = await this.#core.getSubnets(admin, { filters: { network_id: networkIds }, fields: SUBNET_FIELDS });
    const networks = await this.#core.getNetworks(admin, { filters: { id: networkIds }, fields: ['id', 'mtu'] });
    const byNetwork = new Map<string, Subnet[]>();
    for (const subnet of subnets) byNetwork.set(subnet.network_id, [...(byNetwork.get(subnet.network_id) ?? []), subnet]);
    const mtus = new Map(networks.map((network) => [network.id, network['mtu'] ?? null]));
    return ports.map((port) => {
      const onPort = new Set(port.fixed_ips.map((ip) => ip.subnet_id));
      const networkSubnets = byNetwork.get(port.network_id) ?? [];
      return {
        ...port,
        fixed_ips: port.fixed_ips.map((ip) => ({ ...ip, prefixlen: prefixLength(networkSubnets.find((subnet) => subnet.id === ip.subnet_id)) })),
        subnets: networkSubnets.filter((subnet) => onPort.has(subnet.id)).map(subnetInfo),
        extra_subnets: networkSubnets.filter((subnet) => !onPort.has(subnet.id)).map(subnetInfo),
        address_scopes: { '4': null, '6': null },
        mtu: mtus.get(port.network_id) ?? null,
      };
    });
  }
}

function prefixLength(subnet: Subnet | undefined): number | null {
  return subnet ? (parseCidr(subnet.cidr)?.prefixLength ?? null) : null;
}

/** What a router's ports carry of their networks' subnets (subnetInfo, prefixLength). */
const SUBNET_FIELDS = ['id', 'network_id', 'cidr', 'gateway_ip', 'dns_nameservers', 'ipv6_ra_mode', 'subnetpool_id'];

function subnetInfo(subnet: Subnet): ResourceDict {
  return {
    id: subnet.id,
    cidr: subnet.cidr,
    gateway_ip: subnet.gateway_ip,
    dns_nameservers: subnet['dns_nameservers'] ?? [],
    ipv6_ra_mode: subnet['ipv6_ra_mode'] ?? null,
    subnetpool_id: subnet['subnetpool_id'] ?? null,
  };
}
