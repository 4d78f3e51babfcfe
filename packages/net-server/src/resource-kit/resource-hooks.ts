import type { Expression } from 'kysely';
import type { Context, ResourceDict } from '@net-server/lib';
import type { Session } from '../db-base-plugin/session.js';

type Awaitable = Promise<void> | void;

/**
 * What a subclass or a composed component (ML2's managers, an extension
 * driver, another service plugin) adds to a resource's life cycle, as
 * neutron's callbacks registry events and ML2's precommit/postcommit pairs.
 *
 * `precommit*` run inside the transaction that writes the resource's rows,
 * after them (before them for delete): write your own tables through
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
 * `beforeDelete` runs in a delete's transaction before the plugin checks
 * that the resource may go (a network with ports in use may not), as
 * neutron's BEFORE_DELETE callbacks: to remove what should not keep it, as
 * the L3 plugin removes a network's floating IPs that map to no port.
 * Throwing refuses the delete. Unlike neutron's, whose removals commit on
 * their own, what it removed comes back when the delete is refused.
 *
 * `alsoVisible` widens what a caller who is not an admin sees of the
 * resource (gets, lists, and the lookups of updates and deletes), beyond
 * what its visibility rule shows them: a subquery of the extra rows' ids, e.g.
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

/**
 * The hooks of one resource, run in the order they were added: the
 * precommits in the transaction, the postcommits queued on the session
 * for after its commit.
 */
export class ResourceHookChain {
  readonly #hooks: ResourceHooks[] = [];

  /** Adds hooks; the function returned removes them again. */
  add(hooks: ResourceHooks): () => void {
    this.#hooks.push(hooks);
    return () => {
      const at = this.#hooks.indexOf(hooks);
      if (at >= 0) this.#hooks.splice(at, 1);
    };
  }

  get all(): readonly ResourceHooks[] {
    return this.#hooks;
  }

  /** The ids the hooks make visible to the session's caller beyond the resource's own visibility rule. */
  alsoVisible(session: Session): Expression<string>[] {
    return this.#hooks.flatMap((hooks) => hooks.alsoVisible?.(session) ?? []);
  }

  async extend(session: Session, dicts: ResourceDict[]): Promise<void> {
    if (dicts.length === 0) return;
    for (const hooks of this.#hooks) await hooks.extendDicts?.(session, dicts);
  }

  async precommitCreate(session: Session, request: Readonly<Record<string, unknown>>, dict: ResourceDict): Promise<void> {
    for (const hooks of this.#hooks) await hooks.precommitCreate?.(session, request, dict);
    await this.extend(session, [dict]);
    session.afterCommit(async () => {
      for (const hooks of this.#hooks) await hooks.postcommitCreate?.(session.context, dict);
    });
  }

  async precommitUpdate(session: Session, request: Readonly<Record<string, unknown>>, original: ResourceDict, updated: ResourceDict): Promise<void> {
    for (const hooks of this.#hooks) await hooks.precommitUpdate?.(session, request, original, updated);
    await this.extend(session, [updated]);
    session.afterCommit(async () => {
      for (const hooks of this.#hooks) await hooks.postcommitUpdate?.(session.context, original, updated);
    });
  }

  async beforeDelete(session: Session, dict: ResourceDict): Promise<void> {
    for (const hooks of this.#hooks) await hooks.beforeDelete?.(session, dict);
  }

  async precommitDelete(session: Session, dict: ResourceDict): Promise<void> {
    for (const hooks of this.#hooks) await hooks.precommitDelete?.(session, dict);
    session.afterCommit(async () => {
      for (const hooks of this.#hooks) await hooks.postcommitDelete?.(session.context, dict);
    });
  }
}
