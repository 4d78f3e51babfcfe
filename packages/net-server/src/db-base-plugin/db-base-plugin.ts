import {
  NetworkNotFound,
  PortNotFound,
  SubnetNotFound,
  SubnetPoolNotFound,
  silentLogger,
  type ConfigReader,
  type Context,
  type CorePlugin,
  type Filters,
  type ListOptions,
  type Logger,
  type Network,
  type Port,
  type ResourceDict,
  type ResourceRequest,
  type Subnet,
  type SubnetPool,
  type TagsCapable,
} from '@net-server/lib';
import type { Database } from '../db/database.js';
import { DatabaseRequiredError } from './errors.js';
import { fixedIpsMatcher } from './fixed-ips-filter.js';
import { addPrefixes, removePrefixes } from './subnetpool-prefix-ops.js';
import { onboardNetworkSubnets, type OnboardedSubnet } from './subnet-onboard.js';
import { HookRegistry, type CoreResourceName } from './hooks.js';
import { addAutoAddressesOnNetworkPorts } from './ip-allocation.js';
import { NetworkRbacPolicies } from './network-rbac/network-rbac-policies.js';
import { subnetPoolRbac } from './subnetpool-rbac.js';
import { ensureNetworkNotInUse, insertNetwork, loadNetworkRows, makeNetworkDicts, updateNetworkRow, type NetworkRow } from './networks.js';
import { insertPort, loadPortRows, makePortDicts, updatePortRow, type PortRow } from './ports.js';
import { NovaNotifier } from '../notifiers/nova-notifier.js';
import { ResourceEngine } from '../resource-kit/resource-engine.js';
import type { RequestBody } from '../resource-kit/request-body.js';
import type { ResourceOps } from '../resource-kit/resource-ops.js';
import type { SubnetPoolsTable } from './schema.js';
import type { Session } from './session.js';
import { defaultSettings, readSettings, type BasePluginSettings } from './settings.js';
import { ensureSubnetDeletable } from './subnets/ensure-subnet-deletable.js';
import { insertSubnet } from './subnets/insert-subnet.js';
import { loadIpamSubnets } from './subnets/ipam-subnets.js';
import { makeSubnetDicts } from './subnets/subnet-dicts.js';
import { loadSubnetRows, type SubnetRow } from './subnets/subnet-rows.js';
import { updateSubnetRow } from './subnets/update-subnet.js';
import { ensureSubnetPoolUnused, insertSubnetPool, loadSubnetPoolRows, makeSubnetPoolDicts, updateSubnetPoolRow } from './subnetpools.js';
import { bumpRevision } from './standard-attributes.js';
import { resourceTags } from './tags.js';
import { TransactionRunner } from './transaction-runner.js';

/** The tables of the core collections that carry tags. */
const TAGGABLE_TABLES: Readonly<Record<string, 'networks' | 'subnets' | 'subnetpools' | 'ports'>> = {
  networks: 'networks',
  subnets: 'subnets',
  subnetpools: 'subnetpools',
  ports: 'ports',
};

/** How to build a DbBasePlugin outside the manager (tests, tools). The manager passes its PluginInit, which fits. */
export interface DbBasePluginOptions {
  database: Database | undefined;
  config?: ConfigReader;
  logger?: Logger;
  /** Overrides of the [DEFAULT] options read from `config`. */
  settings?: Partial<BasePluginSettings>;
  /** Alias or spec the plugin was loaded by, for messages. */
  name?: string;
  /** Tells Nova of its servers' port changes; default: as [DEFAULT] notify_nova_on_* and [nova] configure it; null: none. */
  novaNotifier?: NovaNotifier | null;
}

/**
 * neutron's NeutronDbPluginV2 with the pluggable IPAM backend: networks,
 * subnets, subnet pools and ports stored through the server's database,
 * with neutron's defaults, checks and errors. Usable alone as a core plugin
 * (`core_plugin = net-server:DbBasePlugin`) and the base ML2 builds on:
 * subclasses add their work through `hooks` (precommit inside the
 * transaction, postcommit after it, dict extension) and reuse
 * `transactions` for their own resources. Every write runs in one
 * transaction that is retried whole when it loses a race with another
 * process, so IPs and MACs stay unique across processes and hosts.
 */
export class DbBasePlugin implements CorePlugin, TagsCapable {
  readonly supportedExtensionAliases: readonly string[] = [
    'project-id',
    'standard-attr-description',
    'standard-attr-timestamp',
    'standard-attr-revisions',
    'subnet_allocation',
    'default-subnetpools',
    // fixed_ips=ip_address_substr=... on port lists (fixed-ips-filter.ts).
    'ip-substring-filtering',
    'rbac-policies',
    // object_type subnetpool on /v2.0/rbac-policies, and the pools' `shared` (subnetpool-rbac.ts).
    'rbac-subnetpool',
    // Subnets' service_types, and IPAM giving a port addresses on the subnets for its device owner (subnets/service-type-candidates.ts).
    'subnet-service-types',
    // PUT /v2.0/subnetpools/{id}/add_prefixes and remove_prefixes (subnetpool-prefix-ops.ts).
    'subnetpool-prefix-ops',
    // PUT /v2.0/subnetpools/{id}/onboard_network_subnets (subnet-onboard.ts).
    'subnet_onboard',
  ];
  readonly nativeBulkSupport = true;
  readonly nativePaginationSupport = true;
  readonly nativeSortingSupport = true;
  /** The core resources carry tags (kept in `resourceTags`), which the `tag` service plugin sets. */
  readonly taggableCollections: readonly string[] = Object.keys(TAGGABLE_TABLES);

  /** Life-cycle hooks and dict extenders per core resource. */
  readonly hooks = new HookRegistry();
  readonly transactions: TransactionRunner;
  readonly settings: BasePluginSettings;
  /**
   * neutron's nova_notifier: tells Nova of its servers' port changes; fed by
   * port hooks of its own (status changes, updates, deletes) and called by
   * service plugins (L3's floating IPs) and by subclasses for status changes
   * that bypass updatePort. Undefined when off.
   */
  readonly novaNotifier: NovaNotifier | undefined;
  /** `/v2.0/rbac-policies` on networks; service plugins register the actions they serve (L3: access_as_external). */
  readonly networkRbac: NetworkRbacPolicies;
  protected readonly logger: Logger;
  protected readonly database: Database;

  readonly #networks: ResourceEngine<NetworkRow>;
  readonly #subnets: ResourceEngine<SubnetRow>;
  readonly #subnetpools: ResourceEngine<SubnetPoolsTable>;
  readonly #ports: ResourceEngine<PortRow>;

  constructor(options: DbBasePluginOptions) {
    if (!options.database) throw new DatabaseRequiredError(options.name ?? 'DbBasePlugin');
    this.database = options.database;
    this.logger = options.logger ?? silentLogger;
    this.settings = { ...(options.config ? readSettings(options.config) : defaultSettings), ...options.settings };
    this.transactions = new TransactionRunner(this.database, this.logger);
    this.networkRbac = new NetworkRbacPolicies(this.transactions);
    this.networkRbac.registerObjectType(subnetPoolRbac());
    this.novaNotifier = configuredNovaNotifier(options, this.logger);
    // First among the port hooks: its postcommits only queue events, and a later hook that fails must not keep Nova from hearing of a committed change.
    if (this.novaNotifier) this.hooks.add('port', this.novaNotifier.portHooks());
    this.#networks = this.#engine({
      member: 'network',
      narrowBy: ['id'],
      loadRows: (session, filter, page) => loadNetworkRows(session, filter?.values, this.hooks.alsoVisible('network', session), page),
      makeDicts: makeNetworkDicts,
      notFound: (id) => new NetworkNotFound({ net_id: id }),
      insert: insertNetwork,
      update: updateNetworkRow,
      release: (session, row) => this.#releaseNetwork(session, row.id),
      remove: async (session, row) => {
        await session.db.deleteFrom('networks').where('id', '=', row.id).execute();
        await resourceTags.remove(session.db, row.id);
      },
      countByProjects: (session, projects) => countOwned(session, 'networks', projects),
    });
    this.#subnets = this.#engine({
      member: 'subnet',
      narrowBy: ['id', 'network_id'],
      loadRows: (session, filter, page) => loadSubnetRows(session, filter, this.hooks.alsoVisible('subnet', session), page),
      makeDicts: makeSubnetDicts,
      notFound: (id) => new SubnetNotFound({ subnet_id: id }),
      insert: (session, body) => this.#insertSubnet(session, body),
      update: (session, row, body) => updateSubnetRow(session, row, body, this.settings),
      release: ensureSubnetDeletable,
      remove: async (session, row) => {
        await session.db.deleteFrom('subnets').where('id', '=', row.id).execute();
        await bumpRevision(session.db, 'networks', row.network_id);
        await resourceTags.remove(session.db, row.id);
      },
      countByProjects: (session, projects) => countOwned(session, 'subnets', projects),
    });
    this.#subnetpools = this.#engine({
      member: 'subnetpool',
      narrowBy: ['id'],
      loadRows: (session, filter, page) => loadSubnetPoolRows(session, filter?.values, this.hooks.alsoVisible('subnetpool', session), page),
      makeDicts: makeSubnetPoolDicts,
      notFound: (id) => new SubnetPoolNotFound({ subnetpool_id: id }),
      insert: insertSubnetPool,
      update: updateSubnetPoolRow,
      release: (session, row) => ensureSubnetPoolUnused(session, row.id),
      remove: async (session, row) => {
        await session.db.deleteFrom('subnetpools').where('id', '=', row.id).execute();
        await resourceTags.remove(session.db, row.id);
      },
      countByProjects: (session, projects) => countOwned(session, 'subnetpools', projects),
    });
    this.#ports = this.#engine({
      member: 'port',
      narrowBy: ['id', 'device_id', 'network_id'],
      loadRows: (session, filter, page) => loadPortRows(session, filter, this.hooks.alsoVisible('port', session), page),
      makeDicts: makePortDicts,
      notFound: (id) => new PortNotFound({ port_id: id }),
      insert: (session, body) => insertPort(session, body, this.settings),
      update: (session, row, body) => updatePortRow(session, row, body, this.settings),
      remove: async (session, row) => {
        await session.db.deleteFrom('ports').where('id', '=', row.id).execute();
        await resourceTags.remove(session.db, row.id);
      },
      matchers: { fixed_ips: fixedIpsMatcher },
      countByProjects: (session, projects) => countOwned(session, 'ports', projects),
    });
  }

  /** A new subnet, and the automatic (SLAAC) addresses its network's ports take on it. */
  async #insertSubnet(session: Session, body: RequestBody): Promise<string> {
    const id = await insertSubnet(session, body, this.settings);
    const [row] = (await session.db.selectFrom('subnets').selectAll().where('id', '=', id).execute()) as SubnetRow[];
    const [ipam] = await loadIpamSubnets(session, [row!]);
    await addAutoAddressesOnNetworkPorts(session, ipam!);
    return id;
  }

  /** A core resource's engine, running the hooks registered for it (ResourceOps.member is the hook registry's name). */
  #engine<Row extends { id: string }>(ops: ResourceOps<Row> & { member: CoreResourceName }): ResourceEngine<Row> {
    return new ResourceEngine({ ops, hooks: this.hooks.chain(ops.member), transactions: this.transactions });
  }

  /** Sends the Nova events still queued (waiting a few seconds at most); the server calls it when it stops. */
  async close(): Promise<void> {
    await this.novaNotifier?.close();
  }

  // Networks

  createNetwork(context: Context, body: ResourceRequest): Promise<Network> {
    return this.#networks.create(context, body) as Promise<Network>;
  }
  createNetworkBulk(context: Context, bodies: readonly ResourceRequest[]): Promise<Network[]> {
    return this.#networks.createBulk(context, bodies) as Promise<Network[]>;
  }
  updateNetwork(context: Context, id: string, body: ResourceRequest): Promise<Network> {
    return this.#networks.update(context, id, body) as Promise<Network>;
  }
  deleteNetwork(context: Context, id: string): Promise<void> {
    return this.#networks.delete(context, id);
  }
  getNetwork(context: Context, id: string, fields?: readonly string[]): Promise<Network> {
    return this.#networks.get(context, id, fields) as Promise<Network>;
  }
  getNetworks(context: Context, options: ListOptions = {}): Promise<Network[]> {
    return this.#networks.list(context, options) as Promise<Network[]>;
  }
  getNetworksCount(context: Context, filters: Filters = {}): Promise<number> {
    return this.#networks.count(context, filters);
  }

  // Subnets

  createSubnet(context: Context, body: ResourceRequest): Promise<Subnet> {
    return this.#subnets.create(context, body) as Promise<Subnet>;
  }
  createSubnetBulk(context: Context, bodies: readonly ResourceRequest[]): Promise<Subnet[]> {
    return this.#subnets.createBulk(context, bodies) as Promise<Subnet[]>;
  }
  updateSubnet(context: Context, id: string, body: ResourceRequest): Promise<Subnet> {
    return this.#subnets.update(context, id, body) as Promise<Subnet>;
  }
  deleteSubnet(context: Context, id: string): Promise<void> {
    return this.#subnets.delete(context, id);
  }
  getSubnet(context: Context, id: string, fields?: readonly string[]): Promise<Subnet> {
    return this.#subnets.get(context, id, fields) as Promise<Subnet>;
  }
  getSubnets(context: Context, options: ListOptions = {}): Promise<Subnet[]> {
    return this.#subnets.list(context, options) as Promise<Subnet[]>;
  }
  getSubnetsCount(context: Context, filters: Filters = {}): Promise<number> {
    return this.#subnets.count(context, filters);
  }

  // Subnet pools

  createSubnetpool(context: Context, body: ResourceRequest): Promise<SubnetPool> {
    return this.#subnetpools.create(context, body) as Promise<SubnetPool>;
  }
  createSubnetpoolBulk(context: Context, bodies: readonly ResourceRequest[]): Promise<SubnetPool[]> {
    return this.#subnetpools.createBulk(context, bodies) as Promise<SubnetPool[]>;
  }
  updateSubnetpool(context: Context, id: string, body: ResourceRequest): Promise<SubnetPool> {
    return this.#subnetpools.update(context, id, body) as Promise<SubnetPool>;
  }
  deleteSubnetpool(context: Context, id: string): Promise<void> {
    return this.#subnetpools.delete(context, id);
  }
  getSubnetpool(context: Context, id: string, fields?: readonly string[]): Promise<SubnetPool> {
    return this.#subnetpools.get(context, id, fields) as Promise<SubnetPool>;
  }
  getSubnetpools(context: Context, options: ListOptions = {}): Promise<SubnetPool[]> {
    return this.#subnetpools.list(context, options) as Promise<SubnetPool[]>;
  }
  getSubnetpoolsCount(context: Context, filters: Filters = {}): Promise<number> {
    return this.#subnetpools.count(context, filters);
  }
  /** PUT /v2.0/subnetpools/{id}/add_prefixes (subnetpool-prefix-ops). */
  addPrefixes(context: Context, id: string, body: unknown): Promise<{ prefixes: string[] }> {
    return this.transactions.write(context, (session) => addPrefixes(session, this.#subnetpools, id, body));
  }
  /** PUT /v2.0/subnetpools/{id}/remove_prefixes (subnetpool-prefix-ops). */
  removePrefixes(context: Context, id: string, body: unknown): Promise<{ prefixes: string[] }> {
    return this.transactions.write(context, (session) => removePrefixes(session, this.#subnetpools, id, body));
  }
  /** PUT /v2.0/subnetpools/{id}/onboard_network_subnets (subnet_onboard). */
  onboardNetworkSubnets(context: Context, id: string, body: unknown): Promise<OnboardedSubnet[]> {
    return this.transactions.write(context, (session) => onboardNetworkSubnets(session, { networks: this.#networks, pools: this.#subnetpools }, id, body));
  }

  // Ports

  createPort(context: Context, body: ResourceRequest): Promise<Port> {
    return this.#ports.create(context, body) as Promise<Port>;
  }
  createPortBulk(context: Context, bodies: readonly ResourceRequest[]): Promise<Port[]> {
    return this.#ports.createBulk(context, bodies) as Promise<Port[]>;
  }
  updatePort(context: Context, id: string, body: ResourceRequest): Promise<Port> {
    return this.#ports.update(context, id, body) as Promise<Port>;
  }
  deletePort(context: Context, id: string): Promise<void> {
    return this.#ports.delete(context, id);
  }
  getPort(context: Context, id: string, fields?: readonly string[]): Promise<Port> {
    return this.#ports.get(context, id, fields) as Promise<Port>;
  }
  getPorts(context: Context, options: ListOptions = {}): Promise<Port[]> {
    return this.#ports.list(context, options) as Promise<Port[]>;
  }
  getPortsCount(context: Context, filters: Filters = {}): Promise<number> {
    return this.#ports.count(context, filters);
  }

  // RBAC policies

  createRbacPolicy(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    return this.networkRbac.create(context, body);
  }
  updateRbacPolicy(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.networkRbac.update(context, id, body);
  }
  deleteRbacPolicy(context: Context, id: string): Promise<void> {
    return this.networkRbac.delete(context, id);
  }
  getRbacPolicy(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.networkRbac.get(context, id, fields);
  }
  getRbacPolicies(context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    return this.networkRbac.list(context, options);
  }
  getRbacPoliciesCount(context: Context, filters: Filters = {}): Promise<number> {
    return this.networkRbac.count(context, filters);
  }

  /** TagsCapable: a core resource whose tags changed gets the next revision, in the tag plugin's transaction. */
  tagsChanged(context: Context, collection: string, id: string): Promise<boolean> {
    const table = TAGGABLE_TABLES[collection];
    if (table === undefined) return Promise.resolve(false);
    return this.transactions.write(context, (session) => bumpRevision(session.db, table, id));
  }

  /**
   * Full dicts (extension attributes included) of the given resources as
   * the session's caller sees them, for subclasses working inside a session.
   */
  loadDicts(session: Session, resource: CoreResourceName, ids: readonly string[]): Promise<ResourceDict[]> {
    const engines: Record<CoreResourceName, ResourceEngine<never>> = {
      network: this.#networks as ResourceEngine<never>,
      subnet: this.#subnets as ResourceEngine<never>,
      subnetpool: this.#subnetpools as ResourceEngine<never>,
      port: this.#ports as ResourceEngine<never>,
    };
    return engines[resource].loadDicts(session, ids);
  }

  /**
   * neutron's delete_network: the network's server-owned ports and its
   * subnets go first, through deletePort/deleteSubnet so that a
   * subclass's hooks run for them too, all in the same transaction.
   */
  async #releaseNetwork(session: Session, id: string): Promise<void> {
    const autoDelete = await ensureNetworkNotInUse(session, id);
    const admin = session.context.elevated();
    for (const portId of autoDelete) await this.deletePort(admin, portId);
    const subnets = await session.db.selectFrom('subnets').select('id').where('network_id', '=', id).execute();
    for (const subnet of subnets) await this.deleteSubnet(admin, subnet.id);
  }
}

/** How many rows of a core table the projects own, in one SQL count. */
async function countOwned(session: Session, table: 'networks' | 'subnets' | 'subnetpools' | 'ports', projects: readonly string[]): Promise<number> {
  const counted = await session.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('project_id', 'in', [...projects])
    .executeTakeFirst();
  return Number(counted?.count ?? 0);
}

/** The Nova notifier a plugin was given (null: none), else the one its [nova] configuration describes. */
function configuredNovaNotifier(options: DbBasePluginOptions, logger: Logger): NovaNotifier | undefined {
  if (options.novaNotifier !== undefined) return options.novaNotifier ?? undefined;
  return options.config ? NovaNotifier.fromConfig(options.config, logger) : undefined;
}
