import { IllegalSubnetPoolUpdate, NetworkAddressScopeAffinityError, cidrsOverlap, parseCidr, type Cidr, type ResourceDict } from '@net-server/lib';
import type { ResourceStore, Session } from 'net-server';
import type { AddressScopeRow } from '../db/schema.js';
import { AddressScopePrefixConflict, IllegalSubnetPoolAssociationToAddressScope, IllegalSubnetPoolIpVersionAssociationToAddressScope } from '../errors.js';
import { lockAddressScope } from './address-scope-lock.js';

/** The scope a subnet pool dict names, or null. */
export function scopeOf(pool: ResourceDict): string | null {
  const id = pool['address_scope_id'];
  return typeof id === 'string' ? id : null;
}

function cidrs(prefixes: unknown): Cidr[] {
  return (Array.isArray(prefixes) ? prefixes : []).flatMap((text) => parseCidr(String(text)) ?? []);
}

/**
 * neutron's _validate_address_scope_id, for a subnet pool as written (its
 * final prefixes and scope), in the pool's transaction: the scope must be
 * one the caller sees (else it does not exist for them, a 404), theirs or
 * shared with them, of the pool's IP version; re-scoping a pool may not leave a
 * network with subnets in two scopes; and no other pool in the scope may
 * overlap the pool's prefixes. neutron compares only the pools the caller
 * sees; here every pool in the scope counts, as a shared scope's prefixes
 * are unique whoever owns the pools.
 */
export async function validatePoolScope(session: Session, scopes: ResourceStore<AddressScopeRow>, pool: ResourceDict, rescoped: boolean): Promise<void> {
  const scopeId = scopeOf(pool);
  if (scopeId === null) return;
  const poolId = String(pool['id']);
  await lockAddressScope(session, scopeId);
  const { row: scope, dict } = await scopes.find(session, scopeId);
  const context = session.context;
  // neutron's AddressScope.is_accessible: an admin, the owner, or a project the scope is shared with.
  if (!context.isAdmin && scope.project_id !== context.projectId && dict['shared'] !== true) {
    throw new IllegalSubnetPoolAssociationToAddressScope({ subnetpool_id: poolId, address_scope_id: scopeId });
  }
  const version = Number(pool['ip_version']);
  if (Number(scope.ip_version) !== version) {
    throw new IllegalSubnetPoolIpVersionAssociationToAddressScope({ subnetpool_id: poolId, address_scope_id: scopeId, ip_version: Number(scope.ip_version) });
  }
  if (rescoped) await checkNetworkAffinity(session, poolId, version);
  const wanted = cidrs(pool['prefixes']);
  const others = await session.db
    .selectFrom('subnetpoolprefixes')
    .innerJoin('subnetpools', 'subnetpools.id', 'subnetpoolprefixes.subnetpool_id')
    .select('subnetpoolprefixes.cidr')
    .where('subnetpools.address_scope_id', '=', scopeId)
    .where('subnetpools.id', '!=', poolId)
    .execute();
  for (const other of others) {
    const cidr = parseCidr(other.cidr);
    if (cidr !== undefined && wanted.some((mine) => cidrsOverlap(mine, cidr))) throw new AddressScopePrefixConflict({});
  }
}

/**
 * neutron's _check_subnetpool_address_scope_network_affinity: the networks
 * with subnets from the pool may have no subnet of its family from
 * elsewhere, which would stay in the old scope.
 */
async function checkNetworkAffinity(session: Session, poolId: string, version: number): Promise<void> {
  const stranded = await session.db
    .selectFrom('subnets as other')
    .innerJoin('subnets as mine', 'mine.network_id', 'other.network_id')
    .select('other.id')
    .where('mine.subnetpool_id', '=', poolId)
    .where('other.ip_version', '=', version)
    .where((eb) => eb.or([eb('other.subnetpool_id', 'is', null), eb('other.subnetpool_id', '!=', poolId)]))
    .executeTakeFirst();
  if (stranded !== undefined) throw new NetworkAddressScopeAffinityError({});
}

/**
 * neutron's _check_subnetpool_update_allowed: a pool in a scope is changed
 * only by an admin or the scope's owner, so a project cannot move the
 * prefixes of its pool in another's shared scope. A scope the caller no
 * longer sees is not found.
 */
export async function checkPoolUpdateAllowed(session: Session, scopes: ResourceStore<AddressScopeRow>, original: ResourceDict): Promise<void> {
  const scopeId = scopeOf(original);
  if (scopeId === null) return;
  const { row: scope } = await scopes.find(session, scopeId);
  if (session.context.isAdmin || scope.project_id === session.context.projectId) return;
  throw new IllegalSubnetPoolUpdate({
    reason: `subnetpool ${String(original['id'])} cannot be updated when associated with shared address scope ${scopeId}`,
  });
}
