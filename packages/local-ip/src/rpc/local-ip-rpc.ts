import { InvalidInput, sameFilterValue, topics, type Context, type Logger, type ResourceProducer, type VersionedObjectPrimitive } from '@net-server/lib';
import { RpcClient, Target, type Transport } from '@net-server/rpc';
import type { TransactionRunner } from 'net-server';
import { localIpView } from '../db/schema.js';
import { LOCAL_IP_ASSOCIATION_RESOURCE, LOCAL_IP_ASSOCIATION_VERSION, associationPrimitive } from './versioned-local-ip.js';

const FILTERABLE = ['id', 'local_ip_id', 'fixed_port_id', 'fixed_ip'];
const listOf = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).map(String);

/**
 * What agents pull through the core plugin's resources pull API: the OVS
 * agent's local_ip extension bulk-pulls every LocalIPAssociation when it
 * starts; one is also pulled by its id (`<local_ip_id>_<fixed_port_id>`).
 */
export function associationProducer(transactions: TransactionRunner): ResourceProducer {
  const load = (context: Context, filters: Readonly<Record<string, unknown>>, version: string): Promise<VersionedObjectPrimitive[]> => {
    if (version !== '' && version !== LOCAL_IP_ASSOCIATION_VERSION) {
      throw new InvalidInput({
        error_message: `Version ${version} of ${LOCAL_IP_ASSOCIATION_RESOURCE} is not supported, supported version is ${LOCAL_IP_ASSOCIATION_VERSION}`,
      });
    }
    const bad = Object.keys(filters).filter((name) => !FILTERABLE.includes(name));
    if (bad.length > 0) throw new InvalidInput({ error_message: `'${bad.join(', ')}' is not supported for filtering` });
    return transactions.read(context, async (session) => {
      const rows = await localIpView(session)
        .selectFrom('local_ip_associations')
        .innerJoin('local_ips', 'local_ips.id', 'local_ip_associations.local_ip_id')
        .selectAll('local_ips')
        .select(['local_ip_associations.local_ip_id', 'local_ip_associations.fixed_port_id', 'local_ip_associations.fixed_ip'])
        .execute();
      const primitives = rows.map((row) => associationPrimitive(row, row));
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

/** neutron's ResourcesPushRpcApi for associations: a fanout cast of `push` on `neutron-vo-LocalIPAssociation-1.0`. */
export class AssociationPush {
  #client: Promise<RpcClient> | undefined;

  constructor(
    private readonly transport: () => Promise<Transport>,
    private readonly logger: Logger,
  ) {}

  /** A failed push is logged: the change is committed, and agents pull every association again when they restart. */
  async push(context: Context, resources: readonly VersionedObjectPrimitive[], event: 'created' | 'deleted'): Promise<void> {
    try {
      this.#client ??= this.transport().then(
        (transport) =>
          new RpcClient(
            transport,
            new Target({ topic: topics.resourceTopicName(LOCAL_IP_ASSOCIATION_RESOURCE, LOCAL_IP_ASSOCIATION_VERSION), fanout: true, version: '1.1' }),
          ),
      );
      await (await this.#client).cast(context.toDict(), 'push', { resource_list: resources, event_type: event });
    } catch (error) {
      this.#client = undefined;
      this.logger.error('Failed to push local IP associations to agents', { event, error });
    }
  }
}
