import type { Context, ResourceProducer, VersionedObjectPrimitive } from '@net-server/lib';
import type { Session, TransactionRunner } from 'net-server';
import { matchesFilters, validateFilters, type ObjectFilters } from './object-filters.js';
import { checkVersion, type ObjectName } from './object-versions.js';
import type { ObjectData } from './primitive.js';

/**
 * One of neutron's versioned object classes as ML2 serves it: how its
 * objects are found and built from ML2's and the base plugin's tables.
 */
export interface ObjectType {
  readonly name: ObjectName;
  /** The fields neutron lets filter_kwargs name (validate_filters). */
  readonly filterable: readonly string[];
  /**
   * The ids the filters narrow the objects to, from the cheapest query
   * that does (ids, a foreign key); undefined when none does and every
   * object the session's caller sees is a candidate.
   */
  candidates(session: Session, filters: ObjectFilters): Promise<readonly string[] | undefined>;
  /** The objects among `ids` (every visible one when undefined) that exist. */
  load(session: Session, ids: readonly string[] | undefined): Promise<VersionedObjectPrimitive[]>;
  /** What neutron pushes for a deleted object: a new object holding its id and the fields' defaults (ovo_rpc's `cls(id=...)`). */
  deleted(id: string): VersionedObjectPrimitive;
}

/** The objects among `ids`, by the type, inside a read of their own. */
export function loadObjects(type: ObjectType, transactions: TransactionRunner, context: Context, ids: readonly string[]): Promise<VersionedObjectPrimitive[]> {
  return transactions.read(context, (session) => type.load(session, ids));
}

/**
 * The producer agents' `pull` and `bulk_pull` of the type reach: neutron's
 * ResourcesPullRpcCallback.bulk_pull, which answers
 * `cls.get_objects(context, **filter_kwargs)` at the requested version.
 * (neutron's `pull` of these types goes to a producer registry where none
 * is registered; answering it the same way costs nothing and no agent
 * relies on the error.)
 */
export function objectProducer(type: ObjectType, transactions: TransactionRunner): ResourceProducer {
  return {
    async pull(context, resourceId, version) {
      checkVersion(type.name, version);
      const [found] = await loadObjects(type, transactions, context, [resourceId]);
      return found ?? null;
    },
    async bulkPull(context, filters, version) {
      checkVersion(type.name, version);
      validateFilters(filters, type.filterable);
      return transactions.read(context, async (session) => {
        const ids = await type.candidates(session, filters);
        if (ids !== undefined && ids.length === 0) return [];
        const objects = await type.load(session, ids);
        return objects.filter((object) => matchesFilters(object['versioned_object.data'] as ObjectData, filters));
      });
    },
  };
}
