import { topics, type Context, type Logger, type VersionedObjectPrimitive } from '@net-server/lib';
import type { TransactionRunner } from 'net-server';
import type { AgentNotifier } from '../rpc/agent-notifier.js';
import { loadObjects } from './object-type.js';
import type { Ml2ObjectTypes, PushedType } from './object-types.js';
import type { PushVersions } from './push-versions.js';

/** neutron.api.rpc.callbacks.events: what a push says happened. */
export type PushEvent = 'updated' | 'deleted';

/** ResourcesPushRpcApi's RPC version; the agents' ResourcesPushRpcCallback has no namespace. */
const PUSH_RPC_VERSION = '1.1';

/**
 * neutron's ML2 OVO RPC backend (ovo_rpc's OVOServerRpcInterface with
 * ResourcesPushRpcApi): after a change commits, the object as it now is
 * goes to agents as a fanout cast of `push` on
 * `neutron-vo-<type>-<version>`, which the Open vSwitch agent's resource
 * cache consumes. As there, a create is pushed as `updated` (listeners
 * handle messages out of order), and an object that is gone by the time it
 * is read is pushed as `deleted`, built as neutron builds one (its id and
 * the fields' defaults). Pushes of a type go out in the order they were
 * asked for, one at a time, each reading the latest state (neutron's
 * per-type dispatch thread); the caller waits for its own. A failed push is
 * logged, never the caller's error: the change is committed, and agents
 * resync on their next full sync.
 */
export class ResourcePush {
  readonly #queues = new Map<PushedType, Promise<void>>();

  constructor(
    private readonly types: Ml2ObjectTypes,
    private readonly transactions: TransactionRunner,
    private readonly notifier: () => AgentNotifier,
    private readonly versions: PushVersions,
    private readonly logger: Logger,
  ) {}

  /** After a committed create or update of the objects: pushes them as they now are. */
  changed(context: Context, type: PushedType, ids: readonly string[]): Promise<void> {
    return this.#enqueue(context, type, ids, async () => {
      const found = await loadObjects(this.types[type], this.transactions, context.elevated(), ids);
      const present = new Set(found.map((object) => String(object['versioned_object.data']['id'])));
      await this.#cast(context, type, found, 'updated');
      await this.#cast(
        context,
        type,
        ids.filter((id) => !present.has(id)).map((id) => this.types[type].deleted(id)),
        'deleted',
      );
    });
  }

  /** After a committed delete of the objects. */
  deleted(context: Context, type: PushedType, ids: readonly string[]): Promise<void> {
    return this.#enqueue(context, type, ids, () =>
      this.#cast(
        context,
        type,
        ids.map((id) => this.types[type].deleted(id)),
        'deleted',
      ),
    );
  }

  #enqueue(context: Context, type: PushedType, ids: readonly string[], work: () => Promise<void>): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    const run = (this.#queues.get(type) ?? Promise.resolve()).then(work).catch((error: unknown) => {
      this.logger.error(`Failed to push ${type} changes to agents`, { type, ids, requestId: context.requestId, error });
    });
    this.#queues.set(type, run);
    return run;
  }

  async #cast(context: Context, type: PushedType, objects: readonly VersionedObjectPrimitive[], event: PushEvent): Promise<void> {
    if (objects.length === 0) return;
    for (const version of await this.versions.versionsOf(type)) {
      await this.notifier().fanout(context, topics.resourceTopicName(type, version), 'push', { resource_list: objects, event_type: event }, PUSH_RPC_VERSION);
    }
  }
}
