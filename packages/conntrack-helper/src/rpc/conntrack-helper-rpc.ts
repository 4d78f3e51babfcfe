import { InvalidInput, sameFilterValue, topics, type Context, type Logger, type ResourceProducer, type VersionedObjectPrimitive } from '@net-server/lib';
import { RpcClient, Target, type Transport } from '@net-server/rpc';
import type { TransactionRunner } from 'net-server';
import { helperView } from '../db/schema.js';
import { CONNTRACK_HELPER_RESOURCE, CONNTRACK_HELPER_VERSION, helperPrimitive } from './versioned-conntrack-helper.js';

const FILTERABLE = ['id', 'router_id', 'protocol', 'port', 'helper'];
const listOf = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).map(String);

/**
 * What L3 agents pull through the core plugin's resources pull API: a
 * helper by id, or those matching `filter_kwargs` (the agent's
 * conntrack_helper extension asks by `router_id`). Only version 1.0 exists.
 */
export function conntrackHelperProducer(transactions: TransactionRunner): ResourceProducer {
  const load = (context: Context, filters: Readonly<Record<string, unknown>>, version: string): Promise<VersionedObjectPrimitive[]> => {
    if (version !== '' && version !== CONNTRACK_HELPER_VERSION) {
      throw new InvalidInput({
        error_message: `Version ${version} of ${CONNTRACK_HELPER_RESOURCE} is not supported, supported version is ${CONNTRACK_HELPER_VERSION}`,
      });
    }
    const bad = Object.keys(filters).filter((name) => !FILTERABLE.includes(name));
    if (bad.length > 0) throw new InvalidInput({ error_message: `'${bad.join(', ')}' is not supported for filtering` });
    return transactions.read(context, async (session) => {
      let query = helperView(session).selectFrom('conntrack_helpers').selectAll();
      if (filters['router_id'] !== undefined) query = query.where('router_id', 'in', listOf(filters['router_id']));
      const primitives = (await query.execute()).map(helperPrimitive);
      return primitives.filter((primitive) =>
        Object.entries(filters).every(([name, wanted]) => listOf(wanted).some((value) => sameFilterValue(primitive['versioned_object.data'][name], value))),
      );
    });
  };
  return {
    async pull(context, resourceId, version) {
      const [found] = await load(context, { id: resourceId }, version);
      return found ?? null;
    },
    bulkPull: load,
  };
}

/** neutron's ResourcesPushRpcApi for helpers: a fanout cast of `push` on `neutron-vo-ConntrackHelper-1.0`. */
export class ConntrackHelperPush {
  #client: Promise<RpcClient> | undefined;

  constructor(
    private readonly transport: () => Promise<Transport>,
    private readonly logger: Logger,
  ) {}

  /** A failed push is logged: the change is committed, and agents pull helpers again when they sync their routers. */
  async push(context: Context, resources: readonly VersionedObjectPrimitive[], event: 'created' | 'updated' | 'deleted'): Promise<void> {
    try {
      this.#client ??= this.transport().then(
        (transport) =>
          new RpcClient(
            transport,
            new Target({ topic: topics.resourceTopicName(CONNTRACK_HELPER_RESOURCE, CONNTRACK_HELPER_VERSION), fanout: true, version: '1.1' }),
          ),
      );
      await (await this.#client).cast(context.toDict(), 'push', { resource_list: resources, event_type: event });
    } catch (error) {
      this.#client = undefined;
      this.logger.error('Failed to push conntrack helpers to L3 agents', { event, error });
    }
  }
}
