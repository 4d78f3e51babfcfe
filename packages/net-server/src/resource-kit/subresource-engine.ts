import type { Context, ListOptions, ResourceDict, ResourceRequest } from '@net-server/lib';
import type { Session } from '../db-base-plugin/session.js';
import { ResourceEngine, type Transactions } from './resource-engine.js';
import type { ResourceHookChain } from './resource-hooks.js';
import type { ResourceOps } from './resource-ops.js';

export interface SubresourceEngineOptions<Row extends { id: string }, Parent> {
  /** The parent as the session's caller sees it, or the parent's NotFound (QosPolicyNotFound for a policy's rules). */
  readonly parent: (session: Session, parentId: string) => Promise<Parent>;
  /**
   * The ops of one parent's rows: `loadRows` reads only that parent's, and
   * `notFound` names the parent (neutron's QosRuleNotFound has the policy
   * id). The writes get the parent as it was loaded for the change.
   */
  readonly ops: (parent: Parent) => ResourceOps<Row>;
  readonly hooks: ResourceHookChain;
  readonly transactions: Transactions;
}

/**
 * A sub-resource (`/v2.0/<parents>/{parent_id}/<collection>`) on the
 * resource engine, with the plugin methods the API calls for one
 * (`create<Parent><Member>(context, parentId, body)`, `get<Parent><Member>(context,
 * id, parentId, fields)`...): each in one transaction that first loads the
 * parent as the caller sees it, as neutron's plugins do, so a parent they
 * cannot see answers its own NotFound, then runs the engine over that
 * parent's rows, whose transactions, hooks, not-found and list options
 * are the engine's.
 */
export class SubresourceEngine<Row extends { id: string }, Parent> {
  readonly #options: SubresourceEngineOptions<Row, Parent>;
  /** The hooks run around this sub-resource's changes; add yours with `hooks.add`. */
  readonly hooks: ResourceHookChain;

  constructor(options: SubresourceEngineOptions<Row, Parent>) {
    this.#options = options;
    this.hooks = options.hooks;
  }

  create(context: Context, parentId: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#options.transactions.write(context, async (session) => (await this.within(session, parentId)).createIn(session, body));
  }

  update(context: Context, id: string, parentId: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#options.transactions.write(context, async (session) => (await this.within(session, parentId)).updateIn(session, id, body));
  }

  delete(context: Context, id: string, parentId: string): Promise<void> {
    return this.#options.transactions.write(context, async (session) => (await this.within(session, parentId)).deleteIn(session, id));
  }

  get(context: Context, id: string, parentId: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.#options.transactions.read(context, async (session) => (await this.within(session, parentId)).getIn(session, id, fields));
  }

  list(context: Context, parentId: string, options: ListOptions = {}): Promise<ResourceDict[]> {
    return this.#options.transactions.read(context, async (session) => (await this.within(session, parentId)).listIn(session, options));
  }

  /** The engine of one parent's rows in a session the caller holds, the parent loaded as the session's caller sees it. */
  async within(session: Session, parentId: string): Promise<ResourceEngine<Row>> {
    const { parent, ops, hooks, transactions } = this.#options;
    return new ResourceEngine({ ops: ops(await parent(session, parentId)), hooks, transactions });
  }
}
