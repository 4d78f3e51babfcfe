import { CallbackNotFound, InvalidInput, type ResourceProducerRegistry, type VersionedObjectPrimitive } from '@net-server/lib';
import { optionalStringArg, stringArg, Target } from '@net-server/rpc';
import { rpcContext } from './rpc-args.js';

type Args = Record<string, unknown>;

/**
 * neutron's ResourcesPullRpcCallback on q-plugin (version 1.1, no
 * namespace): agents pull versioned objects (QoS policies, ...) by type and
 * id, or in bulk by filters, from whatever service plugin provides the type.
 */
export class ResourcesPullCallback {
  readonly target = new Target({ version: '1.1' });
  readonly expectedErrors = [CallbackNotFound, InvalidInput];

  constructor(private readonly producers: ResourceProducerRegistry) {}

  async pull(context: unknown, args: Args): Promise<VersionedObjectPrimitive | null> {
    const producer = this.producers.get(stringArg(args, 'resource_type'));
    return producer.pull(rpcContext(context), stringArg(args, 'resource_id'), stringArg(args, 'version'));
  }

  async bulk_pull(context: unknown, args: Args): Promise<VersionedObjectPrimitive[]> {
    const type = stringArg(args, 'resource_type');
    const filters = args['filter_kwargs'] ?? {};
    if (typeof filters !== 'object' || filters === null || Array.isArray(filters)) {
      throw new InvalidInput({ error_message: "bulk_pull's filter_kwargs must be a dict of field names to values" });
    }
    return this.producers.get(type).bulkPull(rpcContext(context), filters as Record<string, unknown>, optionalStringArg(args, 'version') ?? '');
  }
}
