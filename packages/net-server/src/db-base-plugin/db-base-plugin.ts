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
import { HookRegistry, type CoreResourceName } from './hooks.js';
import { addAutoAddressesOnNetworkPorts } from './ip-allocation.js';
import { applyListOptions, selectFields } from './list-query.js';
import { ensureNetworkNotInUse, insertNetwork, loadNetworkRows, makeNetworkDicts, updateNetworkRow } from './networks.js';
import { insertPort, loadPortRows, makePortDicts, updatePortRow, type PortRow } from './ports.js';
import { unwrapBody } from './request-body.js';
import { byIds, type ResourceOps, type RowFilter } from './resource-ops.js';
import type { NetworksTable, SubnetPoolsTable } from './schema.js';
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
  protected readonly logger: Logger;
  protected readonly database: Database;

  readonly #networks: ResourceOps<NetworksTable>;
  readonly #subnets: ResourceOps<SubnetRow>;
  readonly #subnetpools: ResourceOps<SubnetPoolsTable>;
  readonly #ports: ResourceOps<PortRow>;

  constructor(options: DbBasePluginOptions) {
    if (!options.database) throw new DatabaseRequiredError(options.name ?? 'DbBasePlugin');
    this.database = options.database;
    this.logger = options.logger ?? silentLogger;
    this.settings = { ...(options.config ? readSettings(options.config) : defaultSettings), ...options.settings };
    this.transactions = new TransactionRunner(this.database, this.logger);
    this.#networks = {
      member: 'network',
      narrowBy: ['id'],
      loadRows: (session, filter) => loadNetworkRows(session, filter?.values, this.hooks.alsoVisible('network', session)),
      makeDicts: makeNetworkDicts,
      notFound: (id) => new NetworkNotFound({ net_id: id }),
      insert: insertNetwork,
      update: updateNetworkRow,
      release: (session, row) => this.#releaseNetwork(session, row.id),
      remove: async (session, row) => {
        await session.db.deleteFrom('networks').where('id', '=', row.id).execute();
        await resourceTags.remove(session.db, row.id);
      },
    };
    this.#subnets = {
      member: 'subnet',
      narrowBy: ['id', 'network_id'],
      loadRows: (session, filter) => loadSubnetRows(session, filter, this.hooks.alsoVisible('subnet', session)),
      makeDicts: makeSubnetDicts,
      notFound: (id) => new SubnetNotFound({ subnet_id: id }),
      insert: async (session, body) => {
        const id = await insertSubnet(session, body, this.settings);
        const [row] = (await session.db.selectFrom('subnets').selectAll().where('id', '=', id).execute()) as SubnetRow[];
        const [ipam] = await loadIpamSubnets(session, [row!]);
        await addAutoAddressesOnNetworkPorts(session, ipam!);
        return id;
      },
      update: (session, row, body) => updateSubnetRow(session, row, body, this.settings),
      release: ensureSubnetDeletable,
      remove: async (session, row) => {
        await session.db.deleteFrom('subnets').where('id', '=', row.id).execute();
        await bumpRevision(session.db, 'networks', row.network_id);
        await resourceTags.remove(session.db, row.id);
      },
    };
    this.#subnetpools = {
      member: 'subnetpool',
      narrowBy: ['id'],
      loadRows: (session, filter) => loadSubnetPoolRows(session, filter?.values, this.hooks.alsoVisible('subnetpool', session)),
      makeDicts: makeSubnetPoolDicts,
      notFound: (id) => new SubnetPoolNotFound({ subnetpool_id: id }),
      insert: insertSubnetPool,
      update: updateSubnetPoolRow,
      release: (session, row) => ensureSubnetPoolUnused(session, row.id),
      remove: async (session, row) => {
        await session.db.deleteFrom('subnetpools').where('id', '=', row.id).execute();
        await resourceTags.remove(session.db, row.id);
      },
    };
    this.#ports = {
      member: 'port',
      narrowBy: ['id', 'device_id', 'network_id'],
      loadRows: (session, filter) => loadPortRows(session, filter, this.hooks.alsoVisible('port', session)),
      makeDicts: makePortDicts,
      notFound: (id) => new PortNotFound({ port_id: id }),
      insert: (session, body) => insertPort(session, body, this.settings),
      update: updatePortRow,
      remove: async (session, row) => {
        await session.db.deleteFrom('ports').where('id', '=', row.id).execute();
        await resourceTags.remove(session.db, row.id);
      },
      matchers: { fixed_ips: fixedIpsMatcher },
    };
  }

  // Networks

  createNetwork(context: Context, body: ResourceRequest): Promise<Network> {
    return this.#create(this.#networks, context, body) as Promise<Network>;
  }
  createNetworkBulk(context: Context, bodies: readonly ResourceRequest[]): Promise<Network[]> {
    return this.#createBulk(this.#networks, context, bodies) as Promise<Network[]>;
  }
  updateNetwork(context: Context, id: string, body: ResourceRequest): Promise<Network> {
    return this.#update(this.#networks, context, id, body) as Promise<Network>;
  }
  deleteNetwork(context: Context, id: string): Promise<void> {
    return this.#delete(this.#networks, context, id);
  }
  getNetwork(context: Context, id: string, fields?: readonly string[]): Promise<Network> {
    return this.#get(this.#networks, context, id, fields) as Promise<Network>;
  }
  getNetworks(context: Context, options: ListOptions = {}): Promise<Network[]> {
    return this.#list(this.#networks, context, options) as Promise<Network[]>;
  }
  getNetworksCount(context: Context, filters: Filters = {}): Promise<number> {
    return this.#count(this.#networks, context, filters);
  }

  // Subnets

  createSubnet(context: Context, body: ResourceRequest): Promise<Subnet> {
    return this.#create(this.#subnets, context, body) as Promise<Subnet>;
  }
  createSubnetBulk(context: Context, bodies: readonly ResourceRequest[]): Promise<Subnet[]> {
    return this.#createBulk(this.#subnets, context, bodies) as Promise<Subnet[]>;
  }
  updateSubnet(context: Context, id: string, body: ResourceRequest): Promise<Subnet> {
    return this.#update(this.#subnets, context, id, body) as Promise<Subnet>;
  }
  deleteSubnet(context: Context, id: string): Promise<void> {
    return this.#delete(this.#subnets, context, id);
  }
  getSubnet(context: Context, id: string, fields?: readonly string[]): Promise<Subnet> {
    return this.#get(this.#subnets, context, id, fields) as Promise<Subnet>;
  }
  getSubnets(context: Context, options: ListOptions = {}): Promise<Subnet[]> {
    return this.#list(this.#subnets, context, options) as Promise<Subnet[]>;
  }
  getSubnetsCount(context: Context, filters: Filters = {}): Promise<number> {
    return this.#count(this.#subnets, context, filters);
  }

  // Subnet pools

  createSubnetpool(context: Context, body: ResourceRequest): Promise<SubnetPool> {
    return this.#create(this.#subnetpools, context, body) as Promise<SubnetPool>;
  }
  createSubnetpoolBulk(context: Context, bodies: readonly ResourceRequest[]): Promise<SubnetPool[]> {
    return this.#createBulk(this.#subnetpools, context, bodies) as Promise<SubnetPool[]>;
  }
  updateSubnetpool(context: Context, id: string, body: ResourceRequest): Promise<SubnetPool> {
    return this.#update(this.#subnetpools, context, id, body) as Promise<SubnetPool>;
  }
  deleteSubnetpool(context: Context, id: string): Promise<void> {
    return this.#delete(this.#subnetpools, context, id);
  }
  getSubnetpool(context: Context, id: string, fields?: readonly string[]): Promise<SubnetPool> {
    return this.#get(this.#subnetpools, context, id, fields) as Promise<SubnetPool>;
  }
  getSubnetpools(context: Context, options: ListOptions = {}): Promise<SubnetPool[]> {
    return this.#list(this.#subnetpools, context, options) as Promise<SubnetPool[]>;
  }
  getSubnetpoolsCount(context: Context, filters: Filters = {}): Promise<number> {
    return this.#count(this.#subnetpools, context, filters);
  }

  // Ports

  createPort(context: Context, body: ResourceRequest): Promise<Port> {
    return this.#create(this.#ports, context, body) as Promise<Port>;
  }
  createPortBulk(context: Context, bodies: readonly ResourceRequest[]): Promise<Port[]> {
    return this.#createBulk(this.#ports, context, bodies) as Promise<Port[]>;
  }
  updatePort(context: Context, id: string, body: ResourceRequest): Promise<Port> {
    return this.#update(this.#ports, context, id, body) as Promise<Port>;
  }
  deletePort(context: Context, id: string): Promise<void> {
    return this.#delete(this.#ports, context, id);
  }
  getPort(context: Context, id: string, fields?: readonly string[]): Promise<Port> {
    return this.#get(this.#ports, context, id, fields) as Promise<Port>;
  }
  getPorts(context: Context, options: ListOptions = {}): Promise<Port[]> {
    return this.#list(this.#ports, context, options) as Promise<Port[]>;
  }
  getPortsCount(context: Context, filters: Filters = {}): Promise<number> {
    return this.#count(this.#ports, context, filters);
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
  async loadDicts(session: Session, resource: CoreResourceName, ids: readonly string[]): Promise<ResourceDict[]> {
    const ops = this.#ops(resource);
    return this.#dicts(ops, session, await ops.loadRows(session, byIds(ids)));
  }

  #ops(resource: CoreResourceName): ResourceOps<never> {
    const table: Record<CoreResourceName, ResourceOps<never>> = {
      network: this.#networks as ResourceOps<never>,
      subnet: this.#subnets as ResourceOps<never>,
      subnetpool: this.#subnetpools as ResourceOps<never>,
      port: this.#ports as ResourceOps<never>,
    };
    return table[resource];
  }

  async #dicts<Row extends { id: string }>(ops: ResourceOps<Row>, session: Session, rows: readonly Row[]): Promise<ResourceDict[]> {
    const dicts = await ops.makeDicts(session, rows);
    await this.hooks.extend(ops.member, session, dicts);
    return dicts;
  }

  async #one<Row extends { id: string }>(ops: ResourceOps<Row>, session: Session, id: string): Promise<{ row: Row; dict: ResourceDict }> {
    const [row] = await ops.loadRows(session, byIds([id]));
    if (row === undefined) throw ops.notFound(id);
    const [dict] = await this.#dicts(ops, session, [row]);
    return { row, dict: dict! };
  }

  async #createIn<Row extends { id: string }>(ops: ResourceOps<Row>, session: Session, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, ops.member);
    const id = await ops.insert(session, request);
    const [row] = await ops.loadRows(session.withContext(session.context.elevated()), byIds([id]));
    const [dict] = await ops.makeDicts(session, [row!]);
    await this.hooks.precommitCreate(ops.member, session, request, dict!);
    return dict!;
  }

  #create<Row extends { id: string }>(ops: ResourceOps<Row>, context: Context, body: ResourceRequest): Promise<ResourceDict> {
    return this.transactions.write(context, (session) => this.#createIn(ops, session, body));
  }

  /** neutron's _create_bulk: one transaction, all or nothing. */
  #createBulk<Row extends { id: string }>(ops: ResourceOps<Row>, context: Context, bodies: readonly ResourceRequest[]): Promise<ResourceDict[]> {
    return this.transactions.write(context, async (session) => {
      const created: ResourceDict[] = [];
      for (const body of bodies) created.push(await this.#createIn(ops, session, body));
      return created;
    });
  }

  #update<Row extends { id: string }>(ops: ResourceOps<Row>, context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.transactions.write(context, async (session) => {
      const request = unwrapBody(body, ops.member);
      const { row, dict: original } = await this.#one(ops, session, id);
      await ops.update(session, row, request);
      const [updatedRow] = await ops.loadRows(session.withContext(session.context.elevated()), byIds([id]));
      const [updated] = await ops.makeDicts(session, [updatedRow!]);
      await this.hooks.precommitUpdate(ops.member, session, request, original, updated!);
      return updated!;
    });
  }

  #delete<Row extends { id: string }>(ops: ResourceOps<Row>, context: Context, id: string): Promise<void> {
    return this.transactions.write(context, async (session) => {
      const { row, dict: found } = await this.#one(ops, session, id);
      await this.hooks.beforeDelete(ops.member, session, found);
      await ops.release?.(session, row);
      // As neutron: the precommit sees the resource as it is once its dependents are gone.
      const { dict } = await this.#one(ops, session, id);
      await this.hooks.precommitDelete(ops.member, session, dict);
      await ops.remove(session, row);
    });
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

  #get<Row extends { id: string }>(ops: ResourceOps<Row>, context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.transactions.read(context, async (session) => {
      const { dict } = await this.#one(ops, session, id);
      return fields && fields.length > 0 ? selectFields(dict, fields) : dict;
    });
  }

  #list<Row extends { id: string }>(ops: ResourceOps<Row>, context: Context, options: ListOptions): Promise<ResourceDict[]> {
    return this.transactions.read(context, async (session) => {
      const rows = await ops.loadRows(session, narrowing(ops, options.filters ?? {}));
      // A marker outside the filters still positions the page (its sort keys count), as in neutron.
      if (options.marker !== undefined && !rows.some((row) => row.id === options.marker)) rows.push(...(await ops.loadRows(session, byIds([options.marker]))));
      const dicts = await this.#dicts(ops, session, rows);
      return applyListOptions(dicts, options, ops.notFound, ops.matchers);
    });
  }

  async #count<Row extends { id: string }>(ops: ResourceOps<Row>, context: Context, filters: Filters): Promise<number> {
    const projects = projectsOnly(filters);
    // A project's count for a caller who sees every row (the quota check before each create): one SQL count, not a list.
    if (projects !== undefined && context.seesAllProjects) {
      return this.transactions.read(context, async (session) => {
        const counted = await session.db
          .selectFrom(COUNTED_TABLES[ops.member])
          .select((eb) => eb.fn.countAll<number | string>().as('count'))
          .where('project_id', 'in', projects)
          .executeTakeFirst();
        return Number(counted?.count ?? 0);
      });
    }
    return (await this.#list(ops, context, { filters })).length;
  }
}

const COUNTED_TABLES = { network: 'networks', subnet: 'subnets', subnetpool: 'subnetpools', port: 'ports' } as const satisfies Record<CoreResourceName, string>;

/** The projects of filters that name nothing else (project_id, or its legacy name tenant_id). */
function projectsOnly(filters: Filters): string[] | undefined {
  const keys = Object.keys(filters);
  if (keys.length !== 1 || (keys[0] !== 'project_id' && keys[0] !== 'tenant_id')) return undefined;
  const values = filters[keys[0]];
  return Array.isArray(values) && values.length > 0 && values.every((value) => typeof value === 'string') ? (values as string[]) : undefined;
}

/** The SQL narrowing for a list: the first column the resource narrows by that the filters name. */
function narrowing<Row extends { id: string }>(ops: ResourceOps<Row>, filters: Filters): RowFilter | undefined {
  for (const column of ops.narrowBy) {
    const values = filters[column];
    if (Array.isArray(values)) return { column, values: values.map(String) };
  }
  return undefined;
}
