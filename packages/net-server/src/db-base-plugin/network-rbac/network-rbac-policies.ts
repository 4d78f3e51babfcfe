import { InvalidInput, NeutronException, type Context, type Filters, type ListOptions, type ResourceDict, type ResourceRequest } from '@net-server/lib';
import { applyListOptions } from '../../resource-kit/list-options.js';
import { ResourceStore } from '../../resource-kit/resource-store.js';
import { given, givenString, unwrapBody } from '../../resource-kit/request-body.js';
import type { TableResource } from '../../resource-kit/table-resource.js';
import type { Transactions } from '../../resource-kit/resource-engine.js';
import { getNetworkRow } from '../networks.js';
import type { NetworkRbacsTable, NetworksTable } from '../schema.js';
import { lockRow, type Session } from '../session.js';
import { bumpRevision } from '../standard-attributes.js';
import { ACCESS_SHARED, ensureNoPortsLosingAccess } from './network-rbac-entries.js';
import { DuplicateRbacPolicy, InvalidActionForType, RbacPolicyInUse, RbacPolicyNotFound } from './rbac-errors.js';
import { ensureNoUseLosingAccess, rbacTable, type RbacObjectType } from './rbac-object-type.js';

/** The object type the core serves itself: neutron's NetworkRBAC. */
const NETWORK = 'network';
const NETWORK_TABLE = 'networkrbacs';

export type NetworkRbacEntry = NetworkRbacsTable;

/**
 * What an action other than access_as_shared does around its entries
 * (neutron's RBAC_POLICY callbacks): L3 registers access_as_external.
 * Each runs in the change's transaction; throwing refuses the change.
 */
export interface NetworkRbacAction {
  /** A new entry for a network the caller may manage (neutron's BEFORE_CREATE). */
  beforeCreate?(session: Session, entry: NetworkRbacEntry, network: NetworksTable): Promise<void>;
  /**
   * The entry's target loses its access: its target becomes `newTarget`, or
   * (undefined) it is deleted. A NeutronException thrown is answered as
   * RbacPolicyInUse with its message as the details.
   */
  beforeRevoke?(session: Session, entry: NetworkRbacEntry, network: NetworksTable, newTarget: string | undefined): Promise<void>;
  /** After the entry's row is deleted (neutron's AFTER_DELETE, still inside the transaction here). */
  afterDelete?(session: Session, entry: NetworkRbacEntry): Promise<void>;
}

/** The entries of one object type, as the resource kit stores them. */
function entriesDescriptor(objectType: string, table: string): TableResource<NetworkRbacEntry> {
  return { ...descriptor, table, toDict: (row) => ({ ...descriptor.toDict(row), object_type: objectType }) };
}

const descriptor: TableResource<NetworkRbacEntry> = {
  table: NETWORK_TABLE,
  member: 'rbac_policy',
  collection: 'rbac_policies',
  // neutron's RBAC objects are scoped by their own project: a target does not see the entry that shares with it.
  visibility: 'owner',
  standardAttributes: false,
  sqlFilters: ['object_id'],
  // neutron looks the id up in every RBAC table before it knows the type.
  notFound: (id) => new RbacPolicyNotFound({ id, object_type: 'unknown' }),
  toDict: (row) => ({ object_type: NETWORK, object_id: row.object_id, action: row.action, target_tenant: row.target_project }),
  newRow: (body) => ({
    object_id: givenString(body, 'object_id') ?? '',
    target_project: givenString(body, 'target_tenant') ?? '',
    action: givenString(body, 'action') ?? '',
  }),
  changes: (body) => {
    const target = givenString(body, 'target_tenant');
    return target === undefined ? {} : { target_project: target };
  },
};

/**
 * A check of a new entry on a registered object type, in the change's
 * transaction, after the caller's right to share the object is checked
 * (neutron's RBAC_POLICY BEFORE_CREATE callbacks). A NeutronException it
 * throws is answered as InvalidInput with its message, as neutron's
 * CallbackFailure.
 */
export type RbacCreateCheck = (
  session: Session,
  entry: { readonly object_id: string; readonly target_project: string; readonly action: string },
) => Promise<void>;

/** A registered object type with the store of its entries. */
interface ServedType {
  readonly type: RbacObjectType;
  readonly store: ResourceStore<NetworkRbacEntry>;
}

/**
 * neutron's RbacPluginMixin (`/v2.0/rbac-policies`): for networks
 * (object_type `network`), entries giving a project, or every project
 * (`*`), access_as_shared (the network is theirs to use: ports, and the
 * `shared` the API shows) or an action another plugin registers
 * (access_as_external, by L3); for the object types other packages register
 * (ML2's security groups), access_as_shared. Only admins and the object's
 * owner create entries on it; an entry is its creator's to change or
 * delete; taking away access a project still uses is RbacPolicyInUse.
 */
export class NetworkRbacPolicies {
  readonly #store: ResourceStore<NetworkRbacEntry>;
  readonly #transactions: Transactions;
  readonly #actions = new Map<string, NetworkRbacAction>([[ACCESS_SHARED, { beforeRevoke: revokeShared }]]);
  readonly #types = new Map<string, ServedType>();
  readonly #createChecks = new Map<string, RbacCreateCheck[]>();

  constructor(transactions: Transactions) {
    this.#transactions = transactions;
    this.#store = new ResourceStore(transactions, descriptor);
  }

  /** Makes `action` valid for network entries (neutron's NetworkRBAC.get_valid_actions). */
  registerAction(action: string, handlers: NetworkRbacAction): void {
    this.#actions.set(action, handlers);
  }

  /** Serves entries on another object type (neutron's RBAC object classes), kept in the type's own table. */
  registerObjectType(type: RbacObjectType): void {
    this.#types.set(type.name, { type, store: new ResourceStore(this.#transactions, entriesDescriptor(type.name, type.table)) });
  }

  /** Adds a check of new entries on the registered type `objectType` (the address-scope package: a subnet pool's target must see its scope). */
  registerCreateCheck(objectType: string, check: RbacCreateCheck): void {
    this.#createChecks.set(objectType, [...(this.#createChecks.get(objectType) ?? []), check]);
  }

  create(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, descriptor.member);
    const served = this.#types.get(objectTypeOf(request));
    if (served) return this.#createOn(context, served, request);
    return this.#transactions.write(context, async (session) => {
      const action = this.#action(request);
      const network = await manageableNetwork(session, givenString(request, 'object_id') ?? '');
      const target = givenString(request, 'target_tenant') ?? '';
      await ensureUnique(session, network.id, target, String(request['action']));
      const created = await this.#store.createIn(session, request);
      const entry = await this.#row(session, String(created['id']));
      await action.beforeCreate?.(session, entry, network);
      await bumpRevision(session.db, 'networks', network.id);
      return created;
    });
  }

  update(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, descriptor.member);
    return this.#transactions.write(context, async (session) => {
      const served = await this.#servedTypeOf(session, id);
      if (served) return updateOn(session, served, id, request);
      const { row: entry } = await this.#store.find(session, id);
      const target = givenString(request, 'target_tenant');
      if (target !== undefined && target !== entry.target_project) {
        const network = await manageableNetwork(session, entry.object_id);
        await ensureUnique(session, entry.object_id, target, entry.action);
        await this.#revoke(session, entry, network, target);
        await bumpRevision(session.db, 'networks', entry.object_id);
      }
      return this.#store.updateIn(session, id, request);
    });
  }

  delete(context: Context, id: string): Promise<void> {
    return this.#transactions.write(context, async (session) => {
      const served = await this.#servedTypeOf(session, id);
      if (served) return deleteOn(session, served, id);
      const { row: entry } = await this.#store.find(session, id);
      const network = await getNetworkRow(session.withContext(session.context.elevated()), entry.object_id);
      await this.#revoke(session, entry, network, undefined);
      await this.#store.deleteIn(session, id);
      await this.#actions.get(entry.action)?.afterDelete?.(session, entry);
      await bumpRevision(session.db, 'networks', entry.object_id);
    });
  }

  async get(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    const served = await this.#transactions.read(context, (session) => this.#servedTypeOf(session, id));
    return (served?.store ?? this.#store).get(context, id, fields);
  }

  /** neutron's get_rbac_policies: each object type's entries (those `object_type` filters for), together. */
  async list(context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    if (this.#types.size === 0) return this.#store.list(context, options);
    const wanted = options.filters?.['object_type']?.map(String);
    const objectIds = options.filters?.['object_id'];
    const narrowed: ListOptions = objectIds ? { filters: { object_id: objectIds } } : {};
    const sources: [string, ResourceStore<NetworkRbacEntry>][] = [
      [NETWORK, this.#store],
      ...[...this.#types.values()].map((served): [string, ResourceStore<NetworkRbacEntry>] => [served.type.name, served.store]),
    ];
    const entries: ResourceDict[] = [];
    for (const [type, store] of sources) {
      if (!wanted || wanted.includes(type)) entries.push(...(await store.list(context, narrowed)));
    }
    return applyListOptions(entries, options, (id) => new RbacPolicyNotFound({ id, object_type: 'unknown' }));
  }

  async count(context: Context, filters: Filters = {}): Promise<number> {
    return (await this.list(context, { filters })).length;
  }

  /** The registered type whose table holds entry `id`; undefined for a network's entry, or none (neutron's _get_object_type). */
  async #servedTypeOf(session: Session, id: string): Promise<ServedType | undefined> {
    for (const served of this.#types.values()) {
      if (await rbacTable(session.db, served.type.table).select('id').where('id', '=', id).executeTakeFirst()) return served;
    }
    return undefined;
  }

  /** neutron's NeutronRbacObject.validate_rbac_policy_change on create: access_as_shared on an object the caller owns (admins: any). */
  #createOn(context: Context, served: ServedType, request: Readonly<Record<string, unknown>>): Promise<ResourceDict> {
    return this.#transactions.write(context, async (session) => {
      const action = String(request['action']);
      if (action !== ACCESS_SHARED) throw new InvalidActionForType({ action, object_type: served.type.name, valid_actions: ACCESS_SHARED });
      const object = await manageableObject(session, served.type, givenString(request, 'object_id') ?? '');
      const target = givenString(request, 'target_tenant') ?? '';
      for (const check of this.#createChecks.get(served.type.name) ?? [])
        await runCreateCheck(check, session, { object_id: object.id, target_project: target, action });
      await ensureUniqueIn(session, served.type.table, object.id, target, action);
      const created = await served.store.createIn(session, request);
      await served.type.changed?.(session, object.id);
      return created;
    });
  }

  /** The handlers of the body's action for its object type, or neutron's 400s. */
  #action(request: Readonly<Record<string, unknown>>): NetworkRbacAction {
    const type = objectTypeOf(request);
    if (type !== NETWORK) {
      throw new InvalidInput({ error_message: `'${String(given(request, 'object_type') ?? 'None')}' is not a valid RBAC object type` });
    }
    const action = String(request['action']);
    const handlers = this.#actions.get(action);
    if (!handlers) throw new InvalidActionForType({ action, object_type: NETWORK, valid_actions: [...this.#actions.keys()].join(', ') });
    return handlers;
  }

  async #row(session: Session, id: string): Promise<NetworkRbacEntry> {
    return (await this.#store.find(session.withContext(session.context.elevated()), id)).row;
  }

  async #revoke(session: Session, entry: NetworkRbacEntry, network: NetworksTable, newTarget: string | undefined): Promise<void> {
    try {
      await this.#actions.get(entry.action)?.beforeRevoke?.(session, entry, network, newTarget);
    } catch (error) {
      if (error instanceof RbacPolicyInUse || !(error instanceof NeutronException)) throw error;
      throw new RbacPolicyInUse({ object_id: entry.object_id, details: error.message });
    }
  }
}

/**
 * The network an entry is about, as the caller sees it (NetworkNotFound
 * otherwise), when the caller is an admin or its owner: neutron's check
 * that only they manipulate its policies (InvalidInput, 400).
 */
async function manageableNetwork(session: Session, networkId: string): Promise<NetworksTable> {
  const network = await getNetworkRow(session, networkId);
  const { context } = session;
  if (!context.isAdmin && network.project_id !== context.projectId) {
    throw new InvalidInput({ error_message: 'Only admins can manipulate policies on networks they do not own' });
  }
  return network;
}

function ensureUnique(session: Session, networkId: string, target: string, action: string): Promise<void> {
  return ensureUniqueIn(session, NETWORK_TABLE, networkId, target, action);
}

async function ensureUniqueIn(session: Session, table: string, objectId: string, target: string, action: string): Promise<void> {
  const existing = await rbacTable(session.db, table)
    .select('id')
    .where('object_id', '=', objectId)
    .where('target_project', '=', target)
    .where('action', '=', action)
    .executeTakeFirst();
  if (existing) throw new DuplicateRbacPolicy({});
}

/** The body's object_type as neutron converts it (trimmed, lower case); '' when absent. */
function objectTypeOf(request: Readonly<Record<string, unknown>>): string {
  const type = given(request, 'object_type');
  return typeof type === 'string' ? type.trim().toLowerCase() : '';
}

/**
 * The object an entry is about, looked up elevated as neutron does (its
 * NotFound when there is none), when the caller is an admin or its owner:
 * others get InvalidInput (400), whether they see the object or not.
 */
async function manageableObject(session: Session, type: RbacObjectType, objectId: string): Promise<{ id: string; project_id: string }> {
  const object = await type.find(session.withContext(session.context.elevated()), objectId);
  if (!object) throw type.notFound(objectId);
  const { context } = session;
  if (!context.isAdmin && object.project_id !== context.projectId) {
    throw new InvalidInput({ error_message: 'Only admins can manipulate policies on objects they do not own' });
  }
  return object;
}

async function runCreateCheck(check: RbacCreateCheck, session: Session, entry: Parameters<RbacCreateCheck>[1]): Promise<void> {
  try {
    await check(session, entry);
  } catch (error) {
    if (!(error instanceof NeutronException)) throw error;
    throw new InvalidInput({ error_message: error.message });
  }
}

/** neutron's validate_rbac_policy_update for a registered type: moving the entry is taking the old target's access away. */
async function updateOn(session: Session, served: ServedType, id: string, request: Readonly<Record<string, unknown>>): Promise<ResourceDict> {
  const { row: entry } = await served.store.find(session, id);
  const target = givenString(request, 'target_tenant');
  if (target !== undefined && target !== entry.target_project) {
    await manageableObject(session, served.type, entry.object_id);
    await ensureUniqueIn(session, served.type.table, entry.object_id, target, entry.action);
    await ensureNoUseLosingAccess(session.withContext(session.context.elevated()), served.type, entry);
    await served.type.changed?.(session, entry.object_id);
  }
  return served.store.updateIn(session, id, request);
}

async function deleteOn(session: Session, served: ServedType, id: string): Promise<void> {
  const { row: entry } = await served.store.find(session, id);
  await ensureNoUseLosingAccess(session.withContext(session.context.elevated()), served.type, entry);
  await served.store.deleteIn(session, id);
  await served.type.changed?.(session, entry.object_id);
}

/**
 * neutron's validate_network_rbac_policy_change for access_as_shared: the
 * owner sharing with itself takes nothing away; otherwise the project (or
 * every project) losing the entry may keep no ports that need it.
 */
async function revokeShared(session: Session, entry: NetworkRbacEntry, network: NetworksTable): Promise<void> {
  if (entry.target_project === network.project_id) return;
  // A port being created meanwhile on the network is either seen below or, once this commits, no longer sees the network.
  await lockRow(session, 'networks', network.id, 'exclusive');
  await ensureNoPortsLosingAccess(session, network, entry.target_project);
}
