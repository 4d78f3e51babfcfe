import { sameFilterValue } from '../api/list-filters.js';
import { InvalidInput } from '../errors/exceptions.js';
import type { Context } from './context.js';
import type { ResourceProducer, VersionedObjectPrimitive } from './resource-producers.js';

/** What a FilteredProducer needs: the one version it builds, the fields agents may filter on, and how to load candidates. */
export interface FilteredProducerSpec {
  resource: string;
  version: string;
  filterable: readonly string[];
  /** The objects that may match: all of them, or fewer where the store can narrow by a filter (e.g. `router_id`). */
  load(context: Context, filters: Readonly<Record<string, readonly string[]>>): Promise<VersionedObjectPrimitive[]>;
}

const listOf = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).map(String);

/**
 * A producer of one versioned object type built in one version (the
 * service plugins' objects: conntrack helpers, NDP proxies, local IP
 * associations): `pull` by id and `bulk_pull` by neutron's `filter_kwargs`
 * (a field -> a value or a list of values), each value compared as list
 * filters compare. Another version, or a filter on another field, is
 * InvalidInput, which agents get as the call's error.
 */
export function filteredProducer(spec: FilteredProducerSpec): ResourceProducer {
  const bulkPull = async (context: Context, filters: Readonly<Record<string, unknown>>, version: string): Promise<VersionedObjectPrimitive[]> => {
    if (version !== '' && version !== spec.version) {
      throw new InvalidInput({ error_message: `Version ${version} of ${spec.resource} is not supported, supported version is ${spec.version}` });
    }
    const bad = Object.keys(filters).filter((name) => !spec.filterable.includes(name));
    if (bad.length > 0) throw new InvalidInput({ error_message: `'${bad.join(', ')}' is not supported for filtering` });
    const wanted = Object.fromEntries(Object.entries(filters).map(([name, value]) => [name, listOf(value)]));
    const candidates = await spec.load(context, wanted);
    return candidates.filter((primitive) =>
      Object.entries(wanted).every(([name, values]) => values.some((value) => sameFilterValue(primitive['versioned_object.data'][name], value))),
    );
  };
  return {
    async pull(context, resourceId, version) {
      const [found] = await bulkPull(context, { id: resourceId }, version);
      return found ?? null;
    },
    bulkPull,
  };
}
