import {
  constants,
  IpAddressGenerationFailure,
  NetworkNotFound,
  PortNotFound,
  SubnetNotFound,
  type Context,
  type Logger,
  type ResourceDict,
} from '@net-server/lib';
import { optionalStringArg, stringArg, Target } from '@net-server/rpc';
import type { DbBasePlugin } from 'net-server';
import { DHCP_ENTITY } from '../db/provisioning-blocks.js';
import type { DhcpAgentScheduling } from '../dhcp/dhcp-agent-scheduling.js';
import { dhcpAgentDeviceId } from './dhcp-device-id.js';
import { rpcContext } from './rpc-args.js';

type Args = Record<string, unknown>;

/** What the DHCP agent callbacks need of the ML2 plugin: networks, subnets and ports, the DHCP agent scheduler and provisioning blocks. */
export interface DhcpAgentRpcPlugin
  extends Pick<DbBasePlugin, 'getNetwork' | 'getNetworks' | 'getSubnet' | 'getSubnets' | 'getPort' | 'getPorts' | 'createPort' | 'updatePort' | 'deletePort'> {
  readonly dhcp: { readonly scheduling: Pick<DhcpAgentScheduling, 'autoSchedule' | 'networkIdsOnHost' | 'hosting'> };
  portsProvisioned(context: Context, portIds: readonly string[], entity: string): Promise<void>;
}

function portBody(args: Args): Record<string, unknown> {
  const wrapped = args['port'];
  const inner = typeof wrapped === 'object' && wrapped !== null ? (wrapped as Record<string, unknown>)['port'] : undefined;
  return typeof inner === 'object' && inner !== null ? { ...(inner as Record<string, unknown>) } : {};
}

/**
 * The DHCP agent callbacks (neutron's DhcpRpcCallback, version 1.10) on
 * q-plugin: an agent serves the networks the DHCP agent scheduler bound to
 * it, and takes those no agent serves when it asks for its networks (with
 * network_auto_schedule).
 */
export class DhcpAgentCallbacks {
  readonly target = new Target({ version: '1.10' });
  readonly expectedErrors = [IpAddressGenerationFailure, NetworkNotFound];

  constructor(
    private readonly plugin: DhcpAgentRpcPlugin,
    private readonly logger: Logger,
    private readonly autoSchedule: boolean,
  ) {}

  /** The networks the agent on `host` hosts, after it took those no agent hosts (with network_auto_schedule). */
  async get_active_networks_info(context: unknown, args: Args): Promise<ResourceDict[]> {
    const ctx = rpcContext(context).elevated();
    const host = optionalStringArg(args, 'host');
    if (!host) return [];
    if (this.autoSchedule) await this.plugin.dhcp.scheduling.autoSchedule(ctx, host);
    const ids = await this.plugin.dhcp.scheduling.networkIdsOnHost(ctx, host);
    if (ids.length === 0) return [];
    const networks = await this.plugin.getNetworks(ctx, { filters: { id: ids, admin_state_up: [true] } });
    const ports = await this.plugin.getPorts(ctx, { filters: { network_id: networks.map((n) => n['id']) } });
    const enableDhcp = args['enable_dhcp_filter'] === false ? undefined : true;
    const result: ResourceDict[] = [];
    for (const network of networks) {
      result.push(
        await this.#networkInfo(
          ctx,
          network,
          enableDhcp,
          ports.filter((port) => port['network_id'] === network['id']),
        ),
      );
    }
    return result;
  }

  async get_network_info(context: unknown, args: Args): Promise<ResourceDict | null> {
    const ctx = rpcContext(context).elevated();
    const networkId = stringArg(args, 'network_id');
    let network: ResourceDict;
    try {
      network = await this.plugin.getNetwork(ctx, networkId);
    } catch (error) {
      if (error instanceof NetworkNotFound) return null;
      throw error;
    }
    const ports = await this.plugin.getPorts(ctx, { filters: { network_id: [networkId] } });
    return this.#networkInfo(ctx, network, args['enable_dhcp'] === undefined ? true : ((args['enable_dhcp'] as boolean | null) ?? undefined), ports);
  }

  async create_dhcp_port(context: unknown, args: Args): Promise<ResourceDict | null> {
    const ctx = rpcContext(context).elevated();
    const body = portBody(args);
    body['device_owner'] = constants.DEVICE_OWNER_DHCP;
    body[constants.HOST_ID] = optionalStringArg(args, 'host') ?? '';
    return this.#portAction(ctx, body, () => this.plugin.createPort(ctx, body));
  }

  async update_dhcp_port(context: unknown, args: Args): Promise<ResourceDict | null> {
    const ctx = rpcContext(context).elevated();
    const host = optionalStringArg(args, 'host');
    const portId = stringArg(args, 'port_id');
    const body = portBody(args);
    body[constants.HOST_ID] = host ?? '';
    const networkId = String(body['network_id'] ?? '');
    try {
      const old = await this.plugin.getPort(ctx, portId);
      const ours = old['device_id'] === constants.DEVICE_ID_RESERVED_DHCP_PORT || old['device_id'] === dhcpAgentDeviceId(networkId, host ?? '');
      if (!ours) return null;
      if (!(await this.#hosts(ctx, host, networkId))) {
        this.logger.warn('The DHCP agent does not host the network', { host, network: networkId });
        throw new NetworkNotFound({ net_id: networkId });
      }
      delete body['network_id'];
      return await this.#portAction(ctx, body, () => this.plugin.updatePort(ctx, portId, body));
    } catch (error) {
      if (error instanceof PortNotFound) return null;
      throw error;
    }
  }

  async get_dhcp_port(context: unknown, args: Args): Promise<ResourceDict> {
    return this.plugin.getPort(rpcContext(context).elevated(), stringArg(args, 'port_id'));
  }

  /** Deletes the DHCP agent's port of a network (neutron's delete_ports_by_device_id). */
  async release_dhcp_port(context: unknown, args: Args): Promise<null> {
    const ctx = rpcContext(context).elevated();
    const networkId = stringArg(args, 'network_id');
    const deviceId = stringArg(args, 'device_id');
    const ports = await this.plugin.getPorts(ctx, { filters: { network_id: [networkId], device_id: [deviceId] } });
    for (const port of ports) {
      try {
        await this.plugin.deletePort(ctx, String(port['id']));
      } catch (error) {
        if (!(error instanceof PortNotFound)) throw error;
      }
    }
    return null;
  }

  /** The DHCP agent has configured these ports: their DHCP provisioning blocks go (neutron's provisioning_complete). */
  async dhcp_ready_on_ports(context: unknown, args: Args): Promise<null> {
    const ctx = rpcContext(context).elevated();
    const ids = Array.isArray(args['port_ids']) ? args['port_ids'].map(String) : [];
    await this.plugin.portsProvisioned(ctx, ids, DHCP_ENTITY);
    return null;
  }

  /** Whether the DHCP agent on `host` is bound to the network (neutron's _is_dhcp_agent_hosting_network). */
  async #hosts(context: Context, host: string | undefined, networkId: string): Promise<boolean> {
    if (!host) return false;
    const agents = (await this.plugin.dhcp.scheduling.hosting(context, [networkId])).get(networkId) ?? [];
    return agents.some((agent) => agent.host === host);
  }

  async #networkInfo(context: Context, network: ResourceDict, enableDhcp: boolean | undefined, ports: ResourceDict[]): Promise<ResourceDict> {
    const subnets = (await this.plugin.getSubnets(context, { filters: { network_id: [network['id']] } }))
      .filter((subnet) => enableDhcp === undefined || subnet['enable_dhcp'] === enableDhcp)
      .sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
    return {
      id: network['id'],
      project_id: network['project_id'],
      tenant_id: network['project_id'],
      admin_state_up: network['admin_state_up'],
      subnets,
      non_local_subnets: [],
      ports,
      mtu: network['mtu'],
    };
  }

  // neutron's _port_action: a vanished network or subnet answers None; a full subnet is the agent's to handle.
  async #portAction(context: Context, body: Record<string, unknown>, action: () => Promise<ResourceDict>): Promise<ResourceDict | null> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof NetworkNotFound || error instanceof SubnetNotFound) return null;
      if (error instanceof IpAddressGenerationFailure) {
        const fixed = Array.isArray(body['fixed_ips']) ? (body['fixed_ips'] as { subnet_id?: string }[]) : [];
        const subnetId = fixed[0]?.subnet_id;
        if (subnetId) {
          try {
            await this.plugin.getSubnet(context, subnetId);
          } catch {
            return null;
          }
        }
      }
      throw error;
    }
  }
}
