import { InvalidInput, sameFilterValue, topics, type Context, type Logger, type ResourceProducer, type VersionedObjectPrimitive } from '@net-server/lib';
import { RpcClient, Target, type Transport } from '@net-server/rpc';
import type { TransactionRunner } from 'net-server';
import { ndpView } from '../db/schema.js';
import { NDP_PROXY_RESOURCE, NDP_PROXY_VERSION, ndpProxyPrimitive } from './versioned-ndp-proxy.js';

const FILTERABLE = ['id', 'name', 'project_id', 'router_id', 'port_id', 'ip_address', 'description'];
const listOf = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).map(String);

/**
 * What L3 agents pull through the core plugin's resources pull API: a
 * proxy by id, or those matching `filter_kwargs` (the agent's ndp_proxy
 * extension asks by `router_id`). Only version 1.0 exists.
 */
export function ndpProxyProducer(transactions: TransactionRunner): ResourceProducer {
  const load = (context: Context, filters: Readonly<Record<string, unknown>>, version: string): Promise<VersionedObjectPrimitive[]> => {
    if (version !== '' && version !== NDP_PROXY_VERSION) {
      throw new InvalidInput({ error_message: `Version ${version} of ${NDP_PROXY_RESOURCE} is not supported, supported version is ${NDP_PROXY_VERSION}` });
    }
    const bad = Object.keys(filters).filter((name) => !FILTERABLE.includes(name));
    if (bad.length > 0) throw new InvalidInput({ error_message: `'${bad.join(', ')}' is not supported for filtering` });
    return transactions.read(context, async (session) => {
      let query = ndpView(session).selectFrom('ndp_proxies').selectAll();
      if (filters['router_id'] !== undefined) query = query.where('router_id', 'in', listOf(filters['router_id']));
      const primitives = (await query.execute()).map(ndpProxyPrimitive);
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

/** neutron's ResourcesPushRpcApi for NDP proxies: a fanout cast of `push` on `neutron-vo-NDPProxy-1.0`. */
export class NdpProxyPush {
  #client: Promise<RpcClient> | undefined;

  constructor(
    private readonly transport: () => Promise<Transport>,
    private readonly logger: Logger,
  ) {}

  /** A failed push is logged: the change is committed, and agents pull proxies again when they sync their routers. */
  async push(context: Context, resources: readonly VersionedObjectPrimitive[], event: 'created' | 'updated' | 'deleted'): Promise<void> {
    try {
      this.#client ??= this.transport().then(
        (transport) =>
          new RpcClient(transport, new Target({ topic: topics.resourceTopicName(NDP_PROXY_RESOURCE, NDP_PROXY_VERSION), fanout: true, version: '1.1' })),
      );
      await (await this.#client).cast(context.toDict(), 'push', { resource_list: resources, event_type: event });
    } catch (error) {
      this.#client = undefined;
      this.logger.error('Failed to push NDP proxies to L3 agents', { event, error });
    }
  }
}
