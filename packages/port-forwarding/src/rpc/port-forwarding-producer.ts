import { InvalidInput, sameFilterValue, type Context, type ResourceProducer, type VersionedObjectPrimitive } from '@net-server/lib';
import type { Session, TransactionRunner } from 'net-server';
import { forwardingView } from '../db/schema.js';
import { forwardingPrimitive, PORT_FORWARDING_RESOURCE, PORT_FORWARDING_VERSION } from './versioned-port-forwarding.js';

/** The fields an agent's bulk_pull may filter on (neutron's get_objects takes the object's fields). */
const FILTERABLE = ['id', 'floatingip_id', 'internal_port_id', 'protocol', 'internal_ip_address', 'router_id', 'floating_ip_address', 'description'];

/** oslo.versionedobjects' IncompatibleObjectVersion, as the remote error an agent asking for another version gets. */
export class IncompatibleObjectVersion extends Error {
  static readonly remoteModule = 'oslo_versionedobjects.exception';
  readonly code = 'IncompatibleObjectVersion';
  constructor(version: string) {
    super(`Version ${version} of ${PORT_FORWARDING_RESOURCE} is not supported, supported version is ${PORT_FORWARDING_VERSION}`);
    this.name = 'IncompatibleObjectVersion';
  }
}

/** Forwardings as agents receive them, those with the given ids or all, with their floating IPs' address and router. */
export async function loadPrimitives(session: Session, ids?: readonly string[], floatingIpIds?: readonly string[]): Promise<VersionedObjectPrimitive[]> {
  let query = forwardingView(session)
    .selectFrom('portforwardings')
    .innerJoin('floatingips', 'floatingips.id', 'portforwardings.floatingip_id')
    .selectAll('portforwardings')
    .select(['floatingips.floating_ip_address', 'floatingips.router_id']);
  if (ids !== undefined) query = query.where('portforwardings.id', 'in', ids.length > 0 ? [...ids] : ['']);
  if (floatingIpIds !== undefined) query = query.where('portforwardings.floatingip_id', 'in', floatingIpIds.length > 0 ? [...floatingIpIds] : ['']);
  return (await query.execute()).map(forwardingPrimitive);
}

const listOf = (value: unknown): string[] | undefined => (value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(String));

/**
 * What L3 agents pull through the core plugin's resources pull API
 * (neutron's ResourcesPullRpcCallback over PortForwarding objects): a
 * forwarding by id, or those matching `filter_kwargs`, as the agent's
 * extension asks for a router's floating IPs' forwardings.
 */
export function portForwardingProducer(transactions: TransactionRunner): ResourceProducer {
  const check = (version: string): void => {
    if (version !== '' && version !== PORT_FORWARDING_VERSION) throw new IncompatibleObjectVersion(version);
  };
  return {
    async pull(context: Context, resourceId: string, version: string): Promise<VersionedObjectPrimitive | null> {
      check(version);
      const [found] = await transactions.read(context, (session) => loadPrimitives(session, [resourceId]));
      return found ?? null;
    },
    async bulkPull(context: Context, filters: Readonly<Record<string, unknown>>, version: string): Promise<VersionedObjectPrimitive[]> {
      check(version);
      const bad = Object.keys(filters).filter((name) => !FILTERABLE.includes(name));
      if (bad.length > 0) throw new InvalidInput({ error_message: `'${bad.join(', ')}' is not supported for filtering` });
      const found = await transactions.read(context, (session) => loadPrimitives(session, listOf(filters['id']), listOf(filters['floatingip_id'])));
      return found.filter((primitive) =>
        Object.entries(filters).every(([name, wanted]) =>
          (listOf(wanted) ?? []).some((value) => sameFilterValue(primitive['versioned_object.data'][name], value)),
        ),
      );
    },
  };
}
