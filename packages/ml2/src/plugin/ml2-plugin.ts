import {
  constants,
  getAdminContext,
  matchesFilters,
  ResourceProducerRegistry,
  silentLogger,
  topics,
  type ConfigReader,
  type Context,
  type Filters,
  type ListOptions,
  type ResourceDict,
  type ResourceRequest,
  type SubresourceController,
  type Worker,
} from '@net-server/lib';
import { hostname } from 'node:os';
import { createConnection, getRpcTransport, type RpcServer, type Transport } from '@net-server/rpc';
import {
  coreOptions,
  DbBasePlugin,
  ResourceEngine,
  ResourceHookChain,
  selectFields,
  type DbBasePluginOptions,
  type ResourceHooks,
  type Session,
} from 'net-server';
import type { AgentStatus } from '../agents/agent.js';
import { agentOps } from '../agents/agent-ops.js';
import { AgentsDb, type AgentRow } from '../agents/agents-db.js';
import { availabilityZonesOf } from '../agents/availability-zones.js';
import { dhcpAgentSchedulerControllers } from '../api/dhcp-agent-scheduler-extension.js';
import { portBindingsControllers } from '../api/port-bindings-extension.js';
import { availabilityZoneOptions, dhcpSchedulerOptions } from '../config/options.js';
import { dhcpAgentChooser } from '../dhcp/dhcp-agent-chooser.js';
import { DhcpAgentFailoverWorker } from '../dhcp/dhcp-agent-failover-worker.js';
import { DhcpAgentNotifier } from '../dhcp/dhcp-agent-notifier.js';
import { DhcpAgentScheduling } from '../dhcp/dhcp-agent-scheduling.js';
import { DhcpAgentService } from '../dhcp/dhcp-agent-service.js';
import { DhcpNotificationHooks } from '../dhcp/dhcp-notification-hooks.js';
import { ml2View } from '../db/ml2-view.js';
import { portSchedulingAttributeHooks } from './port-scheduling-attributes.js';
import { SecurityGroupService } from '../sg/security-group-service.js';
import { SG_ETHERTYPES } from '../sg/security-groups-db.js';
import { securityGroupRbac } from '../sg/security-group-rbac.js';
import { portBindings } from '../db/port-bindings.js';
import { L2_AGENT_ENTITY, provisioningBlocks } from '../db/provisioning-blocks.js';
import type { DriverDiscovery } from '../driver-loading.js';
import { ExtensionManager } from '../ext/extension-manager.js';
import { MechanismManager } from '../mech/mechanism-manager.js';
import type { DynamicSegments } from '../mech/port-context.js';
import type { NetworkTopology } from '../mech/network-topology.js';
import { RpcAgentNotifier, type AgentNotifier } from '../rpc/agent-notifier.js';
import { DhcpAgentCallbacks, type DhcpAgentRpcPlugin } from '../rpc/dhcp-agent-callbacks.js';
import { L2AgentCallbacks, type L2AgentRpcPlugin } from '../rpc/l2-agent-callbacks.js';
import { MetadataCallbacks } from '../rpc/metadata-callbacks.js';
import { ReportStateCallback, type ReportStateRpcPlugin } from '../rpc/report-state-callback.js';
import { ResourcesPullCallback } from '../rpc/resources-pull-callback.js';
import { ResourcesPushCallback, type ResourcesPushRpcPlugin } from '../rpc/resources-push-callback.js';
import { SecurityGroupCallbacks, type SecurityGroupRpcPlugin } from '../rpc/security-group-callbacks.js';
import { TypeManager } from '../types/type-manager.js';
import { setUpObjectRpc } from '../ovo/object-rpc.js';
import type { ResourcePush } from '../ovo/resource-push.js';
import type { NetworkSegment } from '../types/segment.js';
import type { Ml2Services } from './ml2-services.js';
import { NetworkHooks } from './network-hooks.js';
import { networkAvailabilityZoneHooks } from './network-availability-zone-hooks.js';
import { Ml2NetworkSegments } from './ml2-network-segments.js';
import { loadBoundPorts, type BoundPort } from './bound-ports.js';
import { PortBindingsService } from './port-bindings-service.js';
import { updatePortStatuses, type PortStatusesDeps } from './port-statuses.js';
import { commitDirectPhysicalMac } from './direct-physical-mac.js';
import { applyBinding, makePortContext, PortHooks } from './port-hooks.js';
import { SubnetHooks } from './subnet-hooks.js';
import { ADDRESS_GROUP_ALIASES } from '../address-group/address-group-extensions.js';
import { addressGroupRbac } from '../address-group/address-group-rbac.js';
import { AddressGroupService } from '../address-group/address-group-service.js';

export interface Ml2PluginOptions extends DbBasePluginOptions {
  config: ConfigReader;
  /** Where drivers are discovered; default: the working directory and the packages beside this one. */
  discovery?: DriverDiscovery;
  /** Where agent notifications go; default: the `transport_url` transport. */
  notifier?: AgentNotifier;
  /** The RPC transport for agent callbacks and notifications; default: built from `transport_url`. */
  transport?: Transport;
}

/** The managers an Ml2Plugin runs with, for building one by hand in tests. */
export interface Ml2Managers {
  types: TypeManager;
  mechanisms: MechanismManager;
  extensions: ExtensionManager;
}

/** neutron's Ml2Plugin: the extensions ML2 itself implements, on top of the base plugin's and its extension drivers'. */
const ML2_EXTENSIONS = [
  'provider',
  'multi-provider',
  'binding',
  'agent',
  // Agents' resources_synced (null: net-server reports nothing to Placement).
  'agent-resources-synced',
  'dhcp_agent_scheduler',
  'net-mtu',
  'net-mtu-writable',
  'security-group',
  // normalized_cidr on security group rules (security-groups-db.ts).
  'security-groups-normalized-cidr',
  // object_type security_group on /v2.0/rbac-policies, and the groups' `shared` (sg/security-group-rbac.ts).
  'rbac-security-groups',
  'security-groups-shared-filtering',
  // A group's `stateful`, told to agents with its rules (security-groups-db.ts, rpc/security-group-callbacks.ts).
  'stateful-security-group',
  // Ports' numa_affinity_policy and device_profile (plugin/port-scheduling-attributes.ts).
  'port-numa-affinity-policy',
  'port-device-profile',
  // GET /v2.0/ports?security_groups=<id>: ports' security_groups is a list, which a filter value matches by entry.
  'port-security-groups-filtering',
  // The API keeps `?name=` as a filter for the empty string (list-query.ts).
  'empty-string-filtering',
  // mac_address: null on a port (the base plugin draws the MAC, PortHooks refuses it on a bound port).
  'port-mac-address-regenerate',
  // A direct-physical port takes its device's MAC from the binding profile when bound (direct-physical-mac.ts).
  'port-mac-override',
  // /ports/{id}/bindings: a compute port bound ahead of a live migration (port-bindings-service.ts).
  'binding-extended',
  // GET /v2.0/availability_zones from the agents' zones, filtered by name, resource and state.
  'availability_zone',
  'availability_zone_filter',
  // Networks' availability_zone_hints and availability_zones, which DHCP scheduling honours.
  'network_availability_zone',
  // Address groups, their RBAC and security group rules' remote_address_group_id (address-group/).
  ...ADDRESS_GROUP_ALIASES,
];

/**
 * The ML2 core plugin: the DB base plugin's networks, subnets and ports,
 * with segments from the type drivers, the mechanism drivers called around
 * every change and binding ports, the extension drivers' attributes, the
 * agents table and, through `startRpcListeners`, the agent RPC API, whose
 * resources pull API (`pull`/`bulk_pull`) answers from the producers
 * service plugins register in `resourceProducers` (ResourcesPullCapable).
 * Build one with `Ml2Plugin.create` (the `ml2` core plugin entry point does).
 */
export class Ml2Plugin
  extends DbBasePlugin
  implements L2AgentRpcPlugin, DhcpAgentRpcPlugin, SecurityGroupRpcPlugin, ReportStateRpcPlugin, ResourcesPushRpcPlugin
{
  declare readonly supportedExtensionAliases: readonly string[];
  declare readonly taggableCollections: readonly string[];
  readonly typeManager: TypeManager;
  readonly mechanismManager: MechanismManager;
  readonly extensionManager: ExtensionManager;
  readonly agentsDb: AgentsDb;
  readonly securityGroups: SecurityGroupService;
  /** Address groups (the `address-group` extension), served as neutron's core plugin does. */
  readonly addressGroups: AddressGroupService;
  /** Segments for the `segments` service plugin (the SegmentsCapable contract). */
  readonly networkSegments: Ml2NetworkSegments;
  /** DHCP agents: which serve which networks, and what they are told (the dhcp_agent_scheduler extension). */
  readonly dhcp: DhcpAgentService;
  /** A port's bindings to hosts, ACTIVE and INACTIVE (the binding-extended extension). */
  readonly portBindings: PortBindingsService;
  /** The dhcp_agent_scheduler API (/agents/{id}/dhcp-networks, /networks/{id}/dhcp-agents) and binding-extended's /ports/{id}/bindings. */
  readonly subresourceControllers: Readonly<Record<string, SubresourceController>>;
  /** Versioned objects agents pull over q-plugin, by resource type (ML2 provides ports, networks, subnets and security groups; the QoS plugin QosPolicy). */
  readonly resourceProducers = new ResourceProducerRegistry();
  /** Pushes changed versioned objects to agents (neutron's ovo_rpc). */
  readonly objectPush: ResourcePush;
  readonly config: ConfigReader;
  readonly #options: Ml2PluginOptions;
  readonly #portStatuses: PortStatusesDeps;
  /** The `agents` collection. */
  readonly #agents: ResourceEngine<AgentRow>;
  #notifier: AgentNotifier | undefined;
  #transport: Promise<Transport> | undefined;

  constructor(options: Ml2PluginOptions, managers: Ml2Managers) {
    super(options);
    const baseAliases = this.supportedExtensionAliases;
    this.#options = options;
    this.config = options.config;
    this.typeManager = managers.types;
    this.mechanismManager = managers.mechanisms;
    this.extensionManager = managers.extensions;
    this.#notifier = options.notifier;
    const downTime = options.config.get('DEFAULT', coreOptions.agentDownTime);
    this.agentsDb = new AgentsDb(downTime);
    this.securityGroups = new SecurityGroupService(this.transactions, () => this.notifier, this.logger);
    this.networkRbac.registerObjectType(securityGroupRbac());
    this.addressGroups = new AddressGroupService(this.transactions);
    this.networkRbac.registerObjectType(addressGroupRbac());
    this.networkSegments = new Ml2NetworkSegments(this.transactions, this.typeManager, this.mechanismManager, (context, id) => this.getNetwork(context, id));
    this.supportedExtensionAliases = [...new Set([...baseAliases, ...ML2_EXTENSIONS, ...managers.extensions.extensionAliases()])];
    // Security groups carry tags too (neutron's SecurityGroup model has tag_support).
    this.taggableCollections = [...this.taggableCollections, 'security_groups'];
    const services = this.#services();
    const loadNetwork = (session: Session, networkId: string): Promise<ResourceDict> =>
      this.loadDicts(session.withContext(session.context.elevated()), 'network', [networkId]).then(([network]) => network ?? { id: networkId });
    this.hooks.add('network', new NetworkHooks(services));
    this.hooks.add('network', networkAvailabilityZoneHooks);
    this.hooks.add('subnet', new SubnetHooks(services, loadNetwork));
    // Before ML2's own port hooks, so that drivers and pushed objects see the port's NUMA policy and device profile.
    this.hooks.add('port', portSchedulingAttributeHooks);
    const portHooks = new PortHooks(services, loadNetwork);
    this.hooks.add('port', portHooks);
    // After ML2's own hooks (a new port is pushed bound), before the DHCP agents' notifications.
    const objectRpc = setUpObjectRpc({
      resourceProducers: this.resourceProducers,
      hooks: this.hooks,
      transactions: this.transactions,
      loadDicts: (session, resource, ids) => this.loadDicts(session, resource, ids),
      notifier: () => this.notifier,
      liveAgents: async () =>
        (await this.transactions.read(getAdminContext(), (session) => this.agentsDb.list(ml2View(session.db)))).filter((agent) => agent.alive),
      logger: this.logger,
    });
    this.objectPush = objectRpc.push;
    this.#portStatuses = this.#portStatusesDeps(portHooks, objectRpc.portPushHooks);
    this.dhcp = this.#dhcpAgents(downTime);
    this.#agents = this.#agentsEngine();
    this.portBindings = new PortBindingsService({
      transactions: this.transactions,
      loadPorts: (session, ids) => this.loadDicts(session, 'port', ids),
      loadNetwork,
      mechanisms: this.mechanismManager,
      agents: this.agentsDb,
      dynamicSegments: (context) => this.#dynamicSegments(context),
      notifier: () => this.notifier,
      portsChanged: (context, ids) => this.objectPush.changed(context, 'Port', ids),
      logger: this.logger,
      baseMac: this.settings.baseMac,
    });
    this.subresourceControllers = { ...dhcpAgentSchedulerControllers(this.dhcp), ...portBindingsControllers(this.portBindings) };
    // After ML2's own hooks: DHCP agents hear of a port once it is bound.
    for (const resource of ['network', 'subnet', 'port'] as const) this.hooks.add(resource, new DhcpNotificationHooks(resource, this.dhcp.notifier));
  }

  #portStatusesDeps(portHooks: ResourceHooks, pushHooks: ResourceHooks): PortStatusesDeps {
    return {
      transactions: this.transactions,
      loadDicts: (session, resource, ids) => this.loadDicts(session, resource, ids),
      mechanisms: this.mechanismManager,
      agents: this.agentsDb,
      hooks: () => this.hooks.of('port'),
      portHooks,
      pushHooks,
      pushPorts: (context, ids) => this.objectPush.changed(context, 'Port', ids),
      bindPortIfNeeded: (context, port) => this.bindPortIfNeeded(context, port),
    };
  }

  /** A DHCP agent enabled or disabled is told so, and resyncs (neutron's agent_updated). */
  #agentsEngine(): ResourceEngine<AgentRow> {
    const hooks = new ResourceHookChain();
    hooks.add({
      postcommitUpdate: async (context, original, updated) => {
        if (updated['agent_type'] === constants.AGENT_TYPE_DHCP && updated['admin_state_up'] !== original['admin_state_up']) {
          await this.dhcp.notifier.agentUpdated(context, updated['admin_state_up'] === true, String(updated['host']));
        }
      },
    });
    return new ResourceEngine({ ops: agentOps(this.agentsDb), hooks, transactions: this.transactions });
  }

  #dhcpAgents(agentDownTime: number): DhcpAgentService {
    const config = this.config;
    const scheduling = new DhcpAgentScheduling(
      this.transactions,
      this.agentsDb,
      {
        agentsPerNetwork: config.get('DEFAULT', coreOptions.dhcpAgentsPerNetwork),
        chooser: dhcpAgentChooser(config.get('DEFAULT', dhcpSchedulerOptions.networkSchedulerDriver)),
        agentDownTime,
        defaultAvailabilityZones: config.get('DEFAULT', availabilityZoneOptions.defaultAvailabilityZones),
      },
      this.logger,
    );
    const notifier = new DhcpAgentNotifier(
      () => this.notifier,
      scheduling,
      {
        enabled: config.get('DEFAULT', dhcpSchedulerOptions.dhcpAgentNotification),
        servicesOnDisabledAgents: config.get('DEFAULT', dhcpSchedulerOptions.enableServicesOnAgentsWithAdminStateDown),
      },
      this.logger,
    );
    return new DhcpAgentService(this, scheduling, notifier, config.get('DEFAULT', dhcpSchedulerOptions.networkAutoSchedule), this.logger);
  }

  /** With allow_automatic_dhcp_failover, the periodic move of networks off dead DHCP agents. */
  getWorkers(): Worker[] {
    if (!this.config.get('DEFAULT', dhcpSchedulerOptions.allowAutomaticDhcpFailover)) return [];
    return [new DhcpAgentFailoverWorker(this.dhcp, this.config.get('DEFAULT', coreOptions.agentDownTime), this.logger)];
  }

  /** Loads the type, mechanism and extension drivers named in [ml2] and builds the plugin. */
  static async create(options: Ml2PluginOptions): Promise<Ml2Plugin> {
    const logger = options.logger ?? silentLogger;
    const discovery = options.discovery ?? { host: import.meta.url };
    let plugin: Ml2Plugin | undefined;
    // Drivers get a notifier and a topology that reach the plugin's, which exist only once the plugin does.
    const notifier: AgentNotifier = {
      fanout: (...args) => plugin!.notifier.fanout(...args),
      castToHost: (...args) => plugin!.notifier.castToHost(...args),
    };
    const types = await TypeManager.load(options.config, logger, discovery);
    const topology: NetworkTopology = {
      activePorts: (networkId) => plugin!.topology.activePorts(networkId),
      agentsOn: (hosts) => plugin!.topology.agentsOn(hosts),
    };
    const mechanisms = await MechanismManager.load(options.config, logger, { notifier, topology }, discovery);
    const extensions = await ExtensionManager.load(options.config, logger, discovery);
    plugin = new Ml2Plugin(options, { types, mechanisms, extensions });
    return plugin;
  }

  /** Where ports and agents are, read from committed state (for drivers such as l2population). */
  readonly topology: NetworkTopology = {
    activePorts: async (networkId) => {
      const ports = await this.getPorts(getAdminContext(), { filters: { network_id: [networkId], status: [constants.PORT_STATUS_ACTIVE] } });
      return ports.map((port) => ({
        id: port.id,
        mac_address: port.mac_address,
        fixed_ips: port.fixed_ips,
        device_owner: port.device_owner,
        host: String(port[constants.HOST_ID] ?? ''),
      }));
    },
    agentsOn: async (hosts) => {
      const wanted = new Set(hosts);
      const agents = await this.transactions.read(getAdminContext(), (session) => this.agentsDb.list(ml2View(session.db)));
      return agents.filter((agent) => wanted.has(agent.host));
    },
  };

  /** Notifications to agents, over `transport_url` unless a notifier was given. */
  get notifier(): AgentNotifier {
    if (!this.#notifier) {
      const transport = this.transport();
      this.#notifier = {
        fanout: async (...args) => new RpcAgentNotifier(await transport).fanout(...args),
        castToHost: async (...args) => new RpcAgentNotifier(await transport).castToHost(...args),
      };
    }
    return this.#notifier;
  }

  /** Closes the RPC transport this plugin built (one passed in through its options belongs to the caller). */
  override async close(): Promise<void> {
    // Nova's events first: they may still be on their way while the transport goes.
    await super.close();
    const built = this.#options.transport === undefined ? this.#transport : undefined;
    this.#transport = undefined;
    if (built !== undefined) await (await built).cleanup();
  }

  /** The RPC transport agents reach this server on (built from the configuration on first use). */
  transport(): Promise<Transport> {
    this.#transport ??= this.#options.transport
      ? Promise.resolve(this.#options.transport)
      : getRpcTransport(
          {
            transport_url: String(this.config.value('DEFAULT', 'transport_url') ?? '') || undefined,
            control_exchange: String(this.config.value('DEFAULT', 'control_exchange') ?? 'neutron'),
            rpc_response_timeout: Number(this.config.value('DEFAULT', 'rpc_response_timeout') ?? 60),
          },
          // Transports installed for the server's application, which need not be the working directory.
          { logger: this.logger, root: this.#options.discovery?.root, paths: this.#options.discovery?.paths },
        );
    return this.#transport;
  }

  /**
   * Binds a port whose binding has a host but no vif type yet, outside any
   * transaction (drivers may be slow), then stores the result unless the
   * binding changed meanwhile, and runs update_port pre/postcommit for it.
   * The port dict gets the new binding attributes.
   */
  async bindPortIfNeeded(context: Context, port: ResourceDict): Promise<NetworkSegment | undefined> {
    const id = String(port['id']);
    const admin = context.elevated();
    const attempt = await this.transactions.read(admin, async (session) => {
      const db = ml2View(session.db);
      const binding = await portBindings.get(db, id);
      if (!binding || binding.host === '' || (binding.vif_type !== constants.VIF_TYPE_UNBOUND && binding.vif_type !== constants.VIF_TYPE_BINDING_FAILED)) {
        return undefined;
      }
      const [network] = await this.loadDicts(session, 'network', [String(port['network_id'])]);
      const original = { ...binding };
      const bindContext = await makePortContext(db, admin, this.agentsDb, network ?? {}, { ...port }, binding, [], undefined, this.#dynamicSegments(admin));
      await this.mechanismManager.bindPort(bindContext);
      return { original, bindContext };
    });
    if (!attempt) return undefined;
    const { original, bindContext } = attempt;
    const committed = await this.transactions.write(admin, async (session) => {
      const db = ml2View(session.db);
      const current = await portBindings.get(db, id);
      const unchanged =
        current !== undefined && current.host === original.host && current.vnic_type === original.vnic_type && current.vif_type === original.vif_type;
      if (!unchanged) return false;
      await portBindings.put(db, id, bindContext.binding);
      await portBindings.putLevels(db, id, bindContext.binding.host, bindContext.bindingLevels);
      const mac = await commitDirectPhysicalMac(session, id, bindContext.binding, this.settings.baseMac);
      // Bound: the L2 agent must report the port up before it goes ACTIVE.
      if (bindContext.bindingLevels.length > 0) await provisioningBlocks.add(db, id, L2_AGENT_ENTITY);
      if (bindContext.newPortStatus) await session.db.updateTable('ports').set({ status: bindContext.newPortStatus }).where('id', '=', id).execute();
      const [network] = await this.loadDicts(session, 'network', [String(port['network_id'])]);
      const updated = {
        ...port,
        ...(bindContext.newPortStatus ? { status: bindContext.newPortStatus } : {}),
        ...(mac === undefined ? {} : { mac_address: mac }),
      };
      applyBinding(updated, bindContext.binding);
      const previous = { ...port };
      applyBinding(previous, original);
      const precommit = await makePortContext(db, admin, this.agentsDb, network ?? {}, updated, bindContext.binding, bindContext.bindingLevels, {
        port: previous,
        binding: original,
        levels: [],
      });
      await this.mechanismManager.call('updatePortPrecommit', precommit);
      session.afterCommit(() => this.mechanismManager.call('updatePortPostcommit', precommit));
      return { mac };
    });
    if (!committed) return undefined;
    if (committed.mac !== undefined) port['mac_address'] = committed.mac;
    applyBinding(port, bindContext.binding);
    if (bindContext.newPortStatus) {
      // Written beside the binding, not through updatePort: Nova hears of it here (neutron's status listener sees every write).
      const previous = typeof port['status'] === 'string' ? port['status'] : undefined;
      if (previous !== bindContext.newPortStatus) this.novaNotifier?.portStatusChanged(port, previous, bindContext.newPortStatus);
      port['status'] = bindContext.newPortStatus;
    }
    return bindContext.bottomBoundSegment;
  }

  /** Dynamic segments drivers allocate while they bind, each in a transaction of its own. */
  #dynamicSegments(admin: Context): DynamicSegments {
    return {
      allocate: (networkId, segment) =>
        this.transactions.write(admin, (writer) => this.typeManager.allocateDynamicSegment(ml2View(writer.db), admin, networkId, segment)),
      release: (segmentId) => this.transactions.write(admin, (writer) => this.typeManager.releaseDynamicSegment(ml2View(writer.db), segmentId)),
    };
  }

  // What the agent RPC callbacks need

  /** The ports agents name by device, with their networks and bound segments. */
  getBoundPorts(context: Context, devices: readonly string[]): Promise<Map<string, BoundPort>> {
    return this.transactions.read(context.elevated(), (session) => loadBoundPorts(session, (s, resource, ids) => this.loadDicts(s, resource, ids), devices));
  }

  /**
   * getBoundPorts, after binding again the ports that have a host but no
   * binding yet or a failed one (the agent may have registered since), as
   * neutron's get_bound_port_context does when an agent asks for details.
   */
  async getBoundPortsRebinding(context: Context, devices: readonly string[]): Promise<Map<string, BoundPort>> {
    const found = await this.getBoundPorts(context, devices);
    const unbound = [...found.values()].filter(({ port, bottomSegment }) => !bottomSegment && String(port[constants.HOST_ID] ?? '') !== '');
    if (unbound.length === 0) return found;
    const bound: string[] = [];
    for (const { port } of unbound) if ((await this.bindPortIfNeeded(context.elevated(), { ...port })) !== undefined) bound.push(String(port['id']));
    if (bound.length === 0) return found;
    // Bound outside the port's own update: the agents' caches hear of it here.
    await this.objectPush.changed(context, 'Port', bound);
    return this.getBoundPorts(context, devices);
  }

  /**
   * An entity (L2 agent, DHCP agent) reports its work on a port done
   * (neutron's provisioning_complete): with no block left, a bound port that
   * is administratively up goes ACTIVE.
   */
  provisioningComplete(context: Context, portId: string, entity: string): Promise<void> {
    return this.portsProvisioned(context, [portId], entity);
  }

  /** provisioningComplete for many ports at once (an agent reporting its devices up), in one transaction and a fixed number of queries. */
  async portsProvisioned(context: Context, portIds: readonly string[], entity: string): Promise<void> {
    if (portIds.length === 0) return;
    const admin = context.elevated();
    await this.transactions.write(admin, async (session) => {
      const db = ml2View(session.db);
      await provisioningBlocks.removeFor(db, portIds, entity);
      const blocked = await provisioningBlocks.blocked(db, portIds);
      const bindings = await portBindings.forPorts(
        db,
        portIds.filter((id) => !blocked.has(id)),
      );
      const bound = [...bindings]
        .filter(([, binding]) => binding.vif_type !== constants.VIF_TYPE_UNBOUND && binding.vif_type !== constants.VIF_TYPE_BINDING_FAILED)
        .map(([id]) => id);
      if (bound.length === 0) return;
      const rows = await session.db.selectFrom('ports').select(['id', 'admin_state_up', 'status']).where('id', 'in', bound).execute();
      const ready = rows.filter((row) => Boolean(row.admin_state_up) && row.status !== constants.PORT_STATUS_ACTIVE);
      await this.updatePortStatuses(admin, new Map(ready.map((row) => [row.id, constants.PORT_STATUS_ACTIVE])));
    });
  }

  /**
   * The L2 agent on `host` wired or unwired the port: the mechanism drivers
   * that program agents hear of it with the port as bound there (status
   * ACTIVE when wired), as neutron's notify_l2pop_port_wiring. A port bound
   * to another host is left alone.
   */
  async portWiring(context: Context, portId: string, host: string, wired: boolean, refreshTunnels = false): Promise<void> {
    if (!this.mechanismManager.hearsWiring) return;
    const admin = context.elevated();
    const portContext = await this.transactions.read(admin, async (session) => {
      const db = ml2View(session.db);
      const [port] = await this.loadDicts(session, 'port', [portId]);
      const binding = await portBindings.get(db, portId);
      if (!port || !binding || binding.host !== host) return undefined;
      const [network] = await this.loadDicts(session, 'network', [String(port['network_id'])]);
      port['status'] = wired ? constants.PORT_STATUS_ACTIVE : constants.PORT_STATUS_DOWN;
      return makePortContext(db, admin, this.agentsDb, network ?? {}, port, binding, await portBindings.levels(db, portId));
    });
    if (portContext) await this.mechanismManager.portWiring(portContext, wired, refreshTunnels);
  }

  /** Sets port statuses (agents report ports up or down) in one transaction and a fixed number of queries (port-statuses.ts). */
  updatePortStatuses(context: Context, statuses: ReadonlyMap<string, string>): Promise<void> {
    return updatePortStatuses(this.#portStatuses, context, statuses);
  }

  // Agent RPC

  /** Records an agent's state report outside any transaction (one statement for a heartbeat). */
  reportAgentState(reported: Record<string, unknown>): Promise<AgentStatus> {
    return this.agentsDb.report(ml2View(this.database.db), reported);
  }

  /**
   * Starts the agent callbacks on q-plugin (L2, DHCP and metadata agents,
   * state reports), the q-server-resource-versions fanout consumer and, as
   * neutron's RPC workers do besides the dedicated report workers,
   * q-reports-plugin; the RpcWorker stops them.
   */
  async startRpcListeners(): Promise<RpcServer[]> {
    const connection = createConnection(await this.transport(), { logger: this.logger });
    const server = this.#serverName();
    connection.createConsumer(
      topics.PLUGIN,
      [
        new L2AgentCallbacks(this, this.logger),
        new SecurityGroupCallbacks(this),
        new DhcpAgentCallbacks(this, this.logger, this.config.get('DEFAULT', dhcpSchedulerOptions.networkAutoSchedule)),
        new MetadataCallbacks(this),
        new ReportStateCallback(this, this.logger),
        new ResourcesPullCallback(this.resourceProducers),
      ],
      { server },
    );
    connection.createConsumer(topics.SERVER_RESOURCE_VERSIONS, [new ResourcesPushCallback(this)], { fanout: true, server });
    connection.createConsumer(topics.REPORTS, [new ReportStateCallback(this, this.logger)], { server });
    return connection.consume();
  }

  /** Starts the q-reports-plugin consumer that handles agents' state reports alone (RpcReportsWorker). */
  async startRpcStateReportsListener(): Promise<RpcServer[]> {
    const connection = createConnection(await this.transport(), { logger: this.logger });
    connection.createConsumer(topics.REPORTS, [new ReportStateCallback(this, this.logger)], { server: this.#serverName() });
    return connection.consume();
  }

  #serverName(): string {
    return this.config.has('DEFAULT', 'host') ? String(this.config.value('DEFAULT', 'host')) : hostname();
  }

  // Security groups (the `security-group` extension)

  /** A new security group comes with an egress rule per ethertype, which neutron's create_security_group reserves against the rule quota. */
  quotaCompanions(member: string): Readonly<Record<string, number>> {
    return member === 'security_group' ? { security_group_rule: SG_ETHERTYPES.length } : {};
  }

  async createSecurityGroup(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const group = await this.securityGroups.create(context, body);
    // With its rules: agents learn a new group's rules from the group (neutron sends no event per rule).
    await this.objectPush.changed(context, 'SecurityGroup', [String(group['id'])]);
    return group;
  }
  async updateSecurityGroup(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const group = await this.securityGroups.update(context, id, body);
    await this.objectPush.changed(context, 'SecurityGroup', [id]);
    return group;
  }
  async deleteSecurityGroup(context: Context, id: string): Promise<void> {
    await this.securityGroups.delete(context, id);
    // Its rules go with it without events of their own, as in neutron: agents drop them with the group.
    await this.objectPush.deleted(context, 'SecurityGroup', [id]);
  }
  getSecurityGroup(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.securityGroups.get(context, id, fields);
  }
  getSecurityGroups(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.securityGroups.list(context, options);
  }
  getSecurityGroupsCount(context: Context, filters?: Filters): Promise<number> {
    return this.securityGroups.count(context, filters);
  }
  /** TagsCapable: security groups besides the base plugin's collections. */
  override tagsChanged(context: Context, collection: string, id: string): Promise<boolean> {
    return collection === 'security_groups' ? this.securityGroups.tagsChanged(context, id) : super.tagsChanged(context, collection, id);
  }
  async createSecurityGroupRule(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const rule = await this.securityGroups.rules.create(context, body);
    await this.objectPush.changed(context, 'SecurityGroupRule', [String(rule['id'])]);
    return rule;
  }
  async deleteSecurityGroupRule(context: Context, id: string): Promise<void> {
    await this.securityGroups.rules.delete(context, id);
    await this.objectPush.deleted(context, 'SecurityGroupRule', [id]);
  }
  getSecurityGroupRule(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.securityGroups.rules.get(context, id, fields);
  }
  getSecurityGroupRules(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.securityGroups.rules.list(context, options);
  }
  getSecurityGroupRulesCount(context: Context, filters?: Filters): Promise<number> {
    return this.securityGroups.rules.count(context, filters);
  }

  // Address groups (the `address-group` extension, address-group/address-group-service.ts); agents get each change pushed (ovo_rpc).

  async createAddressGroup(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const group = await this.addressGroups.store.create(context, body);
    await this.objectPush.changed(context, 'AddressGroup', [String(group['id'])]);
    return group;
  }
  async createAddressGroupBulk(context: Context, bodies: readonly ResourceRequest[]): Promise<ResourceDict[]> {
    const groups = await this.addressGroups.store.createBulk(context, bodies);
    await this.objectPush.changed(
      context,
      'AddressGroup',
      groups.map((group) => String(group['id'])),
    );
    return groups;
  }
  async updateAddressGroup(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const group = await this.addressGroups.store.update(context, id, body);
    await this.objectPush.changed(context, 'AddressGroup', [id]);
    return group;
  }
  async deleteAddressGroup(context: Context, id: string): Promise<void> {
    await this.addressGroups.store.delete(context, id);
    await this.objectPush.deleted(context, 'AddressGroup', [id]);
  }
  getAddressGroup(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.addressGroups.store.get(context, id, fields);
  }
  getAddressGroups(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.addressGroups.store.list(context, options);
  }
  getAddressGroupsCount(context: Context, filters?: Filters): Promise<number> {
    return this.addressGroups.store.count(context, filters);
  }
  /** PUT /v2.0/address-groups/{id}/add_addresses. */
  async addAddresses(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const answer = await this.addressGroups.addAddresses(context, id, body);
    await this.objectPush.changed(context, 'AddressGroup', [id]);
    return answer;
  }
  /** PUT /v2.0/address-groups/{id}/remove_addresses. */
  async removeAddresses(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const answer = await this.addressGroups.removeAddresses(context, id, body);
    await this.objectPush.changed(context, 'AddressGroup', [id]);
    return answer;
  }

  // Agents (the `agent` extension)

  getAgents(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.#agents.list(context, options);
  }
  getAgentsCount(context: Context, filters?: Filters): Promise<number> {
    return this.#agents.count(context, filters);
  }
  getAgent(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.#agents.get(context, id, fields);
  }
  updateAgent(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#agents.update(context, id, body);
  }
  deleteAgent(context: Context, id: string): Promise<void> {
    return this.#agents.delete(context, id);
  }

  // Availability zones (the `availability_zone` and `availability_zone_filter` extensions)

  /** The zones DHCP and L3 agents report, filtered by name, resource and state (zones have no id: no pages). */
  async getAvailabilityZones(context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    const agents = await this.transactions.read(context.elevated(), (session) => this.agentsDb.list(ml2View(session.db)));
    const zones = availabilityZonesOf(agents)
      .sort((a, b) => a.resource.localeCompare(b.resource) || a.name.localeCompare(b.name))
      .map((zone): ResourceDict => ({ ...zone }));
    const fields = options.fields ?? [];
    return zones.filter((zone) => matchesFilters(zone, options.filters)).map((zone) => (fields.length > 0 ? selectFields(zone, fields) : zone));
  }

  async getAvailabilityZonesCount(context: Context, filters: Filters = {}): Promise<number> {
    return (await this.getAvailabilityZones(context, { filters })).length;
  }

  #services(): Ml2Services {
    return {
      types: this.typeManager,
      mechanisms: this.mechanismManager,
      extensions: this.extensionManager,
      agents: this.agentsDb,
      logger: this.logger,
      notifier: {
        fanout: (...args) => this.notifier.fanout(...args),
        castToHost: (...args) => this.notifier.castToHost(...args),
      },
      securityGroups: this.securityGroups,
      deleteAfterFailedCreate: async (kind, context, id) => {
        const admin = context.elevated();
        try {
          if (kind === 'network') await this.deleteNetwork(admin, id);
          else if (kind === 'subnet') await this.deleteSubnet(admin, id);
          else await this.deletePort(admin, id);
        } catch (error) {
          this.logger.error(`Failed to delete ${kind} ${id} after its create postcommit failed`, { error });
        }
      },
      bindPortIfNeeded: (context, port) => this.bindPortIfNeeded(context, port),
      baseMac: this.settings.baseMac,
    };
  }
}
