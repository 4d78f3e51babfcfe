import { defineNeutronException, NeutronException } from '../errors/neutron-exception.js';
import type { Context } from './context.js';

/**
 * A versioned object as oslo.versionedobjects' `obj_to_primitive` puts it on
 * the wire, which is how neutron hands policies, ports and the like to agents.
 */
export interface VersionedObjectPrimitive {
  readonly 'versioned_object.name': string;
  readonly 'versioned_object.namespace': string;
  readonly 'versioned_object.version': string;
  readonly 'versioned_object.data': Readonly<Record<string, unknown>>;
  /** The fields set since the object was loaded, when there are some. */
  readonly 'versioned_object.changes'?: readonly string[];
}

/**
 * What answers agents' `pull` and `bulk_pull` for one resource type (a
 * producer of neutron's rpc callbacks registry): the object in the
 * requested version, or null when there is no such object.
 */
export interface ResourceProducer {
  pull(context: Context, resourceId: string, version: string): Promise<VersionedObjectPrimitive | null>;
  /** Objects matching neutron's `filter_kwargs` (a field name -> a value or a list of values). */
  bulkPull(context: Context, filters: Readonly<Record<string, unknown>>, version: string): Promise<VersionedObjectPrimitive[]>;
}

/**
 * The producers a core plugin serving the resources pull API (ML2 on
 * q-plugin) dispatches to, by resource type ("QosPolicy"): service plugins
 * provide theirs, as neutron's `producer.registry.provide`.
 */
export class ResourceProducerRegistry {
  readonly #producers = new Map<string, ResourceProducer>();

  /** Registers the producer of a type; the returned function unregisters it. */
  provide(resourceType: string, producer: ResourceProducer): () => void {
    if (this.#producers.has(resourceType)) throw new CallbacksMaxLimitReached({ resource_type: resourceType });
    this.#producers.set(resourceType, producer);
    return () => {
      if (this.#producers.get(resourceType) === producer) this.#producers.delete(resourceType);
    };
  }

  /** The producer of a type; CallbackNotFound when none was provided. */
  get(resourceType: string): ResourceProducer {
    const producer = this.#producers.get(resourceType);
    if (!producer) throw new CallbackNotFound({ resource_type: resourceType });
    return producer;
  }

  has(resourceType: string): boolean {
    return this.#producers.has(resourceType);
  }
}

/** A core plugin whose agent RPC serves `pull`/`bulk_pull` from producers that service plugins provide. */
export interface ResourcesPullCapable {
  readonly resourceProducers: ResourceProducerRegistry;
}

/** The plugin's producer registry, when it has one; checked by shape, the plugin may come from another copy of this package. */
export function resourceProducersOf(plugin: object): ResourceProducerRegistry | undefined {
  const registry = (plugin as Partial<ResourcesPullCapable>).resourceProducers;
  return typeof registry?.provide === 'function' && typeof registry.get === 'function' ? registry : undefined;
}

/** neutron.api.rpc.callbacks.exceptions.CallbackNotFound: nothing produces the requested resource type. */
export const CallbackNotFound = defineNeutronException<{ resource_type: unknown }>(
  NeutronException,
  'CallbackNotFound',
  'Callback for %(resource_type)s not found',
);

/** neutron.api.rpc.callbacks.exceptions.CallbacksMaxLimitReached: a second producer for one resource type. */
export const CallbacksMaxLimitReached = defineNeutronException<{ resource_type: unknown }>(
  NeutronException,
  'CallbacksMaxLimitReached',
  'Cannot add multiple callbacks for %(resource_type)s',
);
