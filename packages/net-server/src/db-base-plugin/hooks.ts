import type { Expression } from 'kysely';
import type { Context, ResourceDict } from '@net-server/lib';
import type { Session } from './session.js';

/** The core resources, by neutron's member name. */
export type CoreResourceName = 'network' | 'subnet' | 'subnetpool' | 'port';

type Awaitable = Promise<void> | void;

/**
 * What a subclass or a composed component (ML2's managers, an extension
 * driver) adds to a core resource's life cycle, as neutron's callbacks
 * registry events and ML2's precommit/postcommit pairs.
 *
 * `precommit*` run inside the transaction that writes the core rows, after
 * them (before them for delete): write your own tables through
 * `session.db`; throwing rolls everything back and the caller gets the
 * error. As in neutron, a transaction that lost a race with another process
 * is retried whole, so a precommit may run more than once for one request:
 * keep it to database work. `postcommit*` run after the commit, in
 * registration order; an error there reaches the caller but the resource
 * stays committed (ML2 deletes it itself, as neutron's ML2 does).
 *
 * `extendDicts` adds extension attributes to dicts of the resource
 * whenever the plugin returns them (get, list, create, update), one call
 * per batch so it can read its table once: neutron's
 * register_dict_extend_funcs.
 *
 * `beforeDelete` runs in a delete's transaction before the core checks
 * that the resource may go (a network with ports in use may not), as
 * neutron's BEFORE_DELETE callbacks: to remove what should not keep it, as
 * the L3 plugin removes a network's floating IPs that map to no port.
 * Throwing refuses the delete. Unlike neutron's, whose removals commit on
 * their own, what it removed comes back when the delete is refused.
 *
 * `alsoVisible` widens what a caller who is not an admin sees of the
 * resource (gets, lists, and the lookups of updates and deletes), beyond
 * their own rows and shared ones: a subquery of the extra rows' ids, e.g.
 * `db.selectFrom('externalnetworks').select('network_id').$asScalar()`.
 * Hooks only widen, and each adds its own rows (they are ORed): neutron's
 * model query filter hooks, as external_net_db's that shows external
 * networks to every project. Whether the caller may change what they now
 * see is still the API policy's decision.
 */
export interface ResourceHooks {
  precommitCreate?(session: Session, request: Readonly<Record<string, unknown>>, resource: ResourceDict): Awaitable;
  postcommitCreate?(context: Context, resource: ResourceDict): Awaitable;
  precommitUpdate?(session: Session, request: Readonly<Record<string, unknown>>, original: ResourceDict, updated: ResourceDict): Awaitable;
  postcommitUpdate?(context: Context, original: ResourceDict, updated: ResourceDict): Awaitable;
  beforeDelete?(session: Session, resource: ResourceDict): Awaitable;
  precommitDelete?(session: Session, resource: ResourceDict): Awaitable;
  postcommitDelete?(context: Context, resource: ResourceDict): Awaitable;
  extendDicts?(session: Session, resources: ResourceDict[]): Awaitable;
  alsoVisible?(session: Session): Expression<string>;
}

/** Hooks by resource, run in the order they were added. */
export class HookRegistry {
  readonly #hooks = new Map<CoreResourceName, ResourceHooks[]>();

  add(resource: CoreResourceName, hooks: ResourceHooks): () => void {
    const list = this.#hooks.get(resource) ?? [];
    list.push(hooks);
    this.#hooks.set(resource, list);
    return () => {
      const at = list.indexOf(hooks);
      if (at >= 0) list.splice(at, 1);
    };
  }

  of(resource: CoreResourceName): readonly ResourceHooks[] {
    return this.#hooks.get(resource) ?? [];
  }

  /** The ids the resource's hooks make visible to the session's caller besides their own and shared rows. */
  alsoVisible(resource: CoreResourceName, session: Session): Expression<string>[] {
    return this.of(resource).flatMap((hooks) => hooks.alsoVisible?.(session) ?? []);
  }

  async extend(resource: CoreResourceName, session: Session, dicts: ResourceDict[]): Promise<void> {
    if (dicts.length === 0) return;
    for (const hooks of this.of(resource)) await hooks.extendDicts?.(session, dicts);
  }

  async precommitCreate(resource: CoreResourceName, session: Session, request: Readonly<Record<string, unknown>>, dict: ResourceDict): Promise<void> {
    for (const hooks of this.of(resource)) await hooks.precommitCreate?.(session, request, dict);
    await this.extend(resource, session, [dict]);
    session.afterCommit(async () => {
      for (const hooks of this.of(resource)) await hooks.postcommitCreate?.(session.context, dict);
    });
  }

  async precommitUpdate(
    resource: CoreResourceName,
    session: Session,
    request: Readonly<Record<string, unknown>>,
    original: ResourceDict,
    updated: ResourceDict,
  ): Promise<void> {
    for (const hooks of this.of(resource)) await hooks.precommitUpdate?.(session, request, original, updated);
    await this.extend(resource, session, [updated]);
    session.afterCommit(async () => {
      for (const hooks of this.of(resource)) await hooks.postcommitUpdate?.(session.context, original, updated);
    });
  }

  async beforeDelete(resource: CoreResourceName, session: Session, dict: ResourceDict): Promise<void> {
    for (const hooks of this.of(resource)) await hooks.beforeDelete?.(session, dict);
  }

  async precommitDelete(resource: CoreResourceName, session: Session, dict: ResourceDict): Promise<void> {
    for (const hooks of this.of(resource)) await hooks.precommitDelete?.(session, dict);
    session.afterCommit(async () => {
      for (const hooks of this.of(resource)) await hooks.postcommitDelete?.(session.context, dict);
    });
  }
}
