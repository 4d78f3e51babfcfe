import type { Context } from '@net-server/lib';
import { bumpRevision } from '../db-base-plugin/standard-attributes.js';
import type { Session } from '../db-base-plugin/session.js';
import { ResourceEngine, type Transactions } from './resource-engine.js';
import { ResourceHookChain } from './resource-hooks.js';
import type { TableResource } from './table-resource.js';
import { tableResourceOps } from './table-resource-ops.js';

/**
 * A table-backed resource of a service plugin: the ResourceEngine over its
 * descriptor's table, in the core plugin's transactions. A service plugin
 * is then a descriptor, a store and hooks:
 *
 * ```ts
 * const core = requireCoreCapabilities(init.directory.corePlugin, 'widgets', ['transactions']);
 * const widgets = new ResourceStore(core.transactions, widgetDescriptor);
 * widgets.hooks.add({ postcommitCreate: (context, widget) => notifyAgents(context, widget) });
 * // createWidget(context, body) { return widgets.create(context, body); } and so on
 * ```
 */
export class ResourceStore<Row extends { id: string }> extends ResourceEngine<Row> {
  readonly descriptor: TableResource<Row>;

  constructor(transactions: Transactions, descriptor: TableResource<Row>) {
    const hooks = new ResourceHookChain();
    super({ ops: tableResourceOps(descriptor, hooks), hooks, transactions });
    this.descriptor = descriptor;
  }

  /**
   * For the plugin's TagsCapable `tagsChanged`: the resource's next
   * revision, in the tag plugin's transaction (which this write joins);
   * false when it is gone, or has no standard attributes to carry tags.
   */
  tagsChanged(context: Context, id: string): Promise<boolean> {
    if (!this.descriptor.standardAttributes) return Promise.resolve(false);
    return this.transactions.write(context, (session) => this.revise(session, id));
  }

  /**
   * Records a change of something the resource shows that lives elsewhere
   * (a rule of a policy, a default flag): its next revision, as neutron's
   * revises_on_change; false when there is no such row.
   */
  revise(session: Session, id: string): Promise<boolean> {
    return this.descriptor.standardAttributes ? bumpRevision(session.db, this.descriptor.table, id) : Promise.resolve(false);
  }
}
