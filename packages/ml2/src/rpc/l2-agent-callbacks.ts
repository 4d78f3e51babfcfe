import { isIP } from 'node:net';
import { constants, InvalidInput, topics, type ConfigReader, type Context, type Logger, type ResourceDict } from '@net-server/lib';
import { optionalStringArg, Target } from '@net-server/rpc';
import type { DbBasePlugin, NovaNotifier } from 'net-server';
import { ml2View } from '../db/ml2-view.js';
import type { BoundPort } from '../plugin/bound-ports.js';
import type { TypeManager } from '../types/type-manager.js';
import type { AgentNotifier } from './agent-notifier.js';
import { L2_AGENT_ENTITY } from '../db/provisioning-blocks.js';
import { tunnelEndpoints } from '../db/tunnel-endpoints.js';
import { deviceList, deviceName, rpcContext } from './rpc-args.js';

type Args = Record<string, unknown>;

/** What the L2 agent callbacks need of the ML2 plugin: ports by device, their status and wiring, and tunnel endpoints. */
export interface L2AgentRpcPlugin extends Pick<DbBasePlugin, 'getNetwork' | 'transactions'> {
  readonly config: ConfigReader;
  readonly typeManager: Pick<TypeManager, 'drivers'>;
  readonly notifier: AgentNotifier;
  /** Told when a server's port is wired on a host it is not bound to (a live migration's destination); absent: Nova is not notified. */
  readonly novaNotifier?: Pick<NovaNotifier, 'portActiveElsewhere'> | undefined;
  getBoundPorts(context: Context, devices: readonly string[]): Promise<Map<string, BoundPort>>;
  getBoundPortsRebinding(context: Context, devices: readonly string[]): Promise<Map<string, BoundPort>>;
  updatePortStatuses(context: Context, statuses: ReadonlyMap<string, string>): Promise<void>;
  /** An entity reports its work on the ports done (neutron's provisioning_complete, for many ports at once). */
  portsProvisioned(context: Context, portIds: readonly string[], entity: string): Promise<void>;
  portWiring(context: Context, portId: string, host: string, wired: boolean, refreshTunnels?: boolean): Promise<void>;
}

const TUNNEL_TYPES: readonly string[] = [constants.TYPE_VXLAN, constants.TYPE_GRE, constants.TYPE_GENEVE];

/** `refresh_tunnels` (or, from older agents, `agent_restarted`): the agent restarted and needs every forwarding entry again. */
function refreshTunnels(args: Args): boolean {
  return args['refresh_tunnels'] === true || args['agent_restarted'] === true;
}

/** The status a port should get when an agent asks for its details (neutron's _get_new_status). */
function newStatus(host: string | undefined, bound: BoundPort): string | undefined {
  const port = bound.port;
  if (host && host !== port[constants.HOST_ID]) return undefined;
  const wanted = port['admin_state_up'] ? constants.PORT_STATUS_BUILD : constants.PORT_STATUS_DOWN;
  return port['status'] !== wanted ? wanted : undefined;
}

/** neutron's _get_device_details reply. */
function deviceDetails(device: string, host: string | undefined, bound: BoundPort | undefined): ResourceDict {
  const segment = bound?.bottomSegment;
  if (!bound || !segment) return { device };
  const { port, network } = bound;
  if (String(port['device_owner']).startsWith(constants.DEVICE_OWNER_COMPUTE_PREFIX) && port[constants.HOST_ID] !== host) {
    return { device, no_active_binding: true };
  }
  return {
    device,
    network_id: port['network_id'],
    port_id: port['id'],
    mac_address: port['mac_address'],
    admin_state_up: port['admin_state_up'],
    network_type: segment.network_type,
    segmentation_id: segment.segmentation_id,
    physical_network: segment.physical_network,
    mtu: network['mtu'] ?? null,
    fixed_ips: port['fixed_ips'],
    device_owner: port['device_owner'],
    allowed_address_pairs: port['allowed_address_pairs'] ?? [],
    port_security_enabled: port['port_security_enabled'] ?? true,
    qos_policy_id: port['qos_policy_id'] ?? null,
    network_qos_policy_id: network['qos_policy_id'] ?? null,
    profile: port[constants.PROFILE] ?? {},
    propagate_uplink_status: port['propagate_uplink_status'] ?? false,
  };
}

/**
 * The L2 agent callbacks on q-plugin (neutron's ml2 RpcCallbacks, version
 * 1.9): device details, device up/down reports and tunnel endpoint sync,
 * with neutron's argument names and reply shapes.
 */
export class L2AgentCallbacks {
  readonly target = new Target({ version: '1.9' });
  readonly expectedErrors = [InvalidInput];

  constructor(
    private readonly plugin: L2AgentRpcPlugin,
    private readonly logger: Logger,
  ) {}

  async get_device_details(context: unknown, args: Args): Promise<ResourceDict> {
    const [details] = await this.#details(rpcContext(context), [deviceName(args['device'])], optionalStringArg(args, 'host'));
    return details!;
  }

  async get_devices_details_list(context: unknown, args: Args): Promise<ResourceDict[]> {
    return this.#details(rpcContext(context), deviceList(args, 'devices'), optionalStringArg(args, 'host'));
  }

  async get_devices_details_list_and_failed_devices(context: unknown, args: Args): Promise<{ devices: ResourceDict[]; failed_devices: string[] }> {
    const devices = deviceList(args, 'devices');
    try {
      return { devices: await this.#details(rpcContext(context), devices, optionalStringArg(args, 'host')), failed_devices: [] };
    } catch (error) {
      this.logger.error('Failure getting device details, reporting all as failed', { error });
      return { devices: [], failed_devices: devices };
    }
  }

  async get_network_details(context: unknown, args: Args): Promise<ResourceDict> {
    const network = args['network'] ?? args['device'];
    if (typeof network !== 'string') throw new InvalidInput({ error_message: "get_network_details needs 'network'" });
    return this.plugin.getNetwork(rpcContext(context).elevated(), network);
  }

  /** The L2 agent wired the device: its provisioning block goes, and the port goes ACTIVE unless DHCP still works on it. */
  async update_device_up(context: unknown, args: Args): Promise<null> {
    await this.#devicesUp(rpcContext(context), [deviceName(args['device'])], optionalStringArg(args, 'host'), refreshTunnels(args));
    return null;
  }

  async update_device_down(context: unknown, args: Args): Promise<{ device: string; exists: boolean }> {
    const device = deviceName(args['device']);
    const [exists] = await this.#devicesDown(rpcContext(context), [device], optionalStringArg(args, 'host'));
    return { device, exists: exists! };
  }

  async update_device_list(context: unknown, args: Args): Promise<Record<string, unknown[]>> {
    const ctx = rpcContext(context);
    const host = optionalStringArg(args, 'host');
    const result = { devices_up: [] as string[], failed_devices_up: [] as string[], devices_down: [] as unknown[], failed_devices_down: [] as string[] };
    const up = deviceList(args, 'devices_up');
    try {
      await this.#devicesUp(ctx, up, host, refreshTunnels(args));
      result.devices_up.push(...up);
    } catch (error) {
      // Device by device, so that only those that fail are reported failed.
      this.logger.warn('Failed to update devices up together, updating them one by one', { error });
      for (const device of up) {
        try {
          await this.#devicesUp(ctx, [device], host, refreshTunnels(args));
          result.devices_up.push(device);
        } catch (error) {
          this.logger.error(`Failed to update device ${device} up`, { error });
          result.failed_devices_up.push(device);
        }
      }
    }
    const down = deviceList(args, 'devices_down');
    try {
      const exists = await this.#devicesDown(ctx, down, host);
      result.devices_down.push(...down.map((device, index) => ({ device, exists: exists[index] })));
    } catch (error) {
      this.logger.warn('Failed to update devices down together, updating them one by one', { error });
      for (const device of down) {
        try {
          const [exists] = await this.#devicesDown(ctx, [device], host);
          result.devices_down.push({ device, exists });
        } catch (error) {
          this.logger.error(`Failed to update device ${device} down`, { error });
          result.failed_devices_down.push(device);
        }
      }
    }
    return result;
  }

  /** Records the agent's tunnel endpoint, answers every endpoint of the type and tells the other agents. */
  async tunnel_sync(context: unknown, args: Args): Promise<{ tunnels: ResourceDict[] }> {
    const ctx = rpcContext(context);
    const tunnelIp = optionalStringArg(args, 'tunnel_ip');
    if (!tunnelIp) throw new InvalidInput({ error_message: 'Tunnel IP value needed by the ML2 plugin' });
    const host = optionalStringArg(args, 'host');
    const version = isIP(tunnelIp);
    const expected = Number(this.plugin.config.value('ml2', 'overlay_ip_version') ?? 4);
    if (version !== expected) {
      throw new InvalidInput({
        error_message: `Tunnel IP version does not match ML2 overlay_ip_version: ${expected}, host: ${host ?? ''}, tunnel_ip: ${tunnelIp}`,
      });
    }
    const tunnelType = optionalStringArg(args, 'tunnel_type');
    if (!tunnelType) throw new InvalidInput({ error_message: 'Network type value needed by the ML2 plugin' });
    if (!this.plugin.typeManager.drivers.has(tunnelType) || !TUNNEL_TYPES.includes(tunnelType)) {
      throw new InvalidInput({
        error_message: `Network type value ${tunnelType} not supported, host: ${host ?? 'legacy mode (no host provided by agent)'} with tunnel IP: ${tunnelIp}`,
      });
    }
    const { tunnels, stale } = await this.plugin.transactions.write(ctx.elevated(), (session) =>
      tunnelEndpoints.sync(ml2View(session.db), tunnelType, tunnelIp, host),
    );
    const topic = topics.getTopicName(topics.AGENT, 'tunnel', topics.UPDATE);
    if (stale)
      await this.plugin.notifier.fanout(ctx, topics.getTopicName(topics.AGENT, 'tunnel', topics.DELETE), 'tunnel_delete', {
        tunnel_ip: stale,
        tunnel_type: tunnelType,
      });
    await this.plugin.notifier.fanout(ctx, topic, 'tunnel_update', { tunnel_ip: tunnelIp, tunnel_type: tunnelType });
    return { tunnels };
  }

  async #details(context: Context, devices: readonly string[], host: string | undefined): Promise<ResourceDict[]> {
    const bound = await this.plugin.getBoundPortsRebinding(context, devices);
    const statuses = new Map<string, string>();
    const replies = devices.map((device) => {
      const found = bound.get(device);
      const details = deviceDetails(device, host, found);
      if (found && 'network_id' in details) {
        const status = newStatus(host, found);
        if (status) statuses.set(String(found.port['id']), status);
      }
      return details;
    });
    await this.plugin.updatePortStatuses(context, statuses);
    return replies;
  }

  /** The agent wired the devices: their L2 provisioning blocks go (ACTIVE unless DHCP still works on them, all in one batch) and l2population hears of them. */
  async #devicesUp(context: Context, devices: readonly string[], host: string | undefined, refresh: boolean): Promise<void> {
    const bound = await this.plugin.getBoundPorts(context, devices);
    const here: string[] = [];
    const elsewhere: ResourceDict[] = [];
    for (const device of devices) {
      const found = this.#whereBound(device, host, bound.get(device));
      if (found === 'missing') continue;
      if ('elsewhere' in found) elsewhere.push(found.elsewhere.port);
      else here.push(String(found.port['id']));
    }
    await this.plugin.portsProvisioned(context, here, L2_AGENT_ENTITY);
    // neutron's update_device_up: the status stays, but Nova waits for the plug on the destination of a live migration.
    for (const port of elsewhere) this.plugin.novaNotifier?.portActiveElsewhere(port);
    if (host) for (const portId of here) await this.plugin.portWiring(context, portId, host, true, refresh);
  }

  /**
   * The agent unwired the devices: their ports go DOWN, all in one batch, and
   * l2population hears of them; for each device, whether it names a port
   * (a port bound elsewhere is left alone, as neutron does).
   */
  async #devicesDown(context: Context, devices: readonly string[], host: string | undefined): Promise<boolean[]> {
    const bound = await this.plugin.getBoundPorts(context, devices);
    const here: string[] = [];
    const statuses = new Map<string, string>();
    const exists = devices.map((device) => {
      const found = this.#whereBound(device, host, bound.get(device));
      if (found === 'missing') return false;
      if ('elsewhere' in found) return true;
      const portId = String(found.port['id']);
      here.push(portId);
      if (found.port['status'] !== constants.PORT_STATUS_DOWN) statuses.set(portId, constants.PORT_STATUS_DOWN);
      return true;
    });
    await this.plugin.updatePortStatuses(context, statuses);
    if (host) for (const portId of here) await this.plugin.portWiring(context, portId, host, false);
    return exists;
  }

  #whereBound(device: string, host: string | undefined, found: BoundPort | undefined): BoundPort | 'missing' | { elsewhere: BoundPort } {
    if (!found) return 'missing';
    if (host && found.port[constants.HOST_ID] !== host) {
      this.logger.debug('Device not bound to the agent host', { device, host });
      return { elsewhere: found };
    }
    return found;
  }
}
