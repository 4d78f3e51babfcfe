import { randomUUID } from 'node:crypto';
import type { Expression } from 'kysely';
import {
  BadRequest,
  EmptySubnetPoolPrefixList,
  IllegalSubnetPoolPrefixBounds,
  IllegalSubnetPoolPrefixUpdate,
  InvalidInput,
  MaxPrefixSubnetAllocationError,
  MinPrefixSubnetAllocationError,
  PrefixVersionMismatch,
  SubnetAllocationError,
  SubnetPoolInUse,
  SubnetPoolQuotaExceeded,
  SubnetPoolNotFound,
  UnsupportedMinSubnetPoolPrefix,
  IP_BITS,
  cidrContains,
  cidrNetwork,
  cidrsOverlap,
  formatCidr,
  parseCidr,
  type Cidr,
  type IpVersion,
  type SubnetPool,
} from '@net-server/lib';
import { compactPrefixes, firstFreePrefix } from '../ipam/prefix-set.js';
import { given, givenBoolean, givenInteger, givenString, givenStrings, owningProject } from '../resource-kit/request-body.js';
import { byIds, type RowPage } from '../resource-kit/resource-ops.js';
import { selectRows } from '../resource-kit/select-rows.js';
import type { SubnetPoolsTable } from './schema.js';
import { GLOBAL_LOCKS, lockGlobally, lockRow, type Session } from './session.js';
import { objectsSharedWith, sharedWith } from './network-rbac/rbac-object-type.js';
import { groupBy, identity, inChunks, newStandardColumns, revisionBump, standardAttributes } from './standard-attributes.js';
import { SUBNETPOOL_RBAC_TABLE, sharePoolWithAll } from './subnetpool-rbac.js';
import { resourceTags } from './tags.js';

type SubnetPoolRow = SubnetPoolsTable;

/** neutron's SubnetPoolHelper defaults: /8 minimum for IPv4, /64 for IPv6. */
const DEFAULT_MIN_PREFIXLEN: Readonly<Record<IpVersion, number>> = { 4: 8, 6: 64 };

/**
 * Subnet pools the caller may see: admins all, others their own, those
 * RBAC entries share with their project or everyone (subnetpool-rbac.ts)
 * and those `alsoVisible` adds (ResourceHooks).
 */
export async function loadSubnetPoolRows(
  session: Session,
  ids?: readonly string[],
  alsoVisible: readonly Expression<string>[] = [],
  page?: RowPage,
): Promise<SubnetPoolRow[]> {
  const all = session.db.selectFrom('subnetpools').selectAll();
  const project = session.context.projectId ?? '';
  const query = session.context.seesAllProjects
    ? all
    : all.where((eb) =>
        eb.or([
          eb('project_id', '=', project),
          eb('id', 'in', objectsSharedWith(session.db, SUBNETPOOL_RBAC_TABLE, project)),
          ...alsoVisible.map((extra) => eb('id', 'in', extra)),
        ]),
      );
  return selectRows(query, ids && byIds(ids), page);
}

export async function getSubnetPoolRow(session: Session, id: string): Promise<SubnetPoolRow> {
  const [row] = await loadSubnetPoolRows(session, [id]);
  if (!row) throw new SubnetPoolNotFound({ subnetpool_id: id });
  return row;
}

export async function loadPrefixes(session: Session, poolIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await inChunks(poolIds, (part) =>
    session.db.selectFrom('subnetpoolprefixes').select(['cidr', 'subnetpool_id']).where('subnetpool_id', 'in', part).execute(),
  );
  return groupBy(
    rows,
    (row) => row.subnetpool_id,
    (row) => row.cidr,
  );
}

export async function makeSubnetPoolDicts(session: Session, rows: readonly SubnetPoolRow[]): Promise<SubnetPool[]> {
  const ids = rows.map((row) => row.id);
  const prefixes = await loadPrefixes(session, ids);
  const tags = await resourceTags.load(session.db, ids);
  // neutron's is_shared_with_project, for the caller's project (admins included).
  const shared = await sharedWith(session.db, SUBNETPOOL_RBAC_TABLE, session.context.projectId ?? '', ids);
  return rows.map((row) => ({
    ...identity(row),
    prefixes: sortCidrs(prefixes.get(row.id) ?? []),
    default_prefixlen: String(row.default_prefixlen),
    min_prefixlen: String(row.min_prefixlen),
    max_prefixlen: String(row.max_prefixlen),
    default_quota: row.default_quota === null ? null : Number(row.default_quota),
    ip_version: Number(row.ip_version) as IpVersion,
    shared: shared.has(row.id),
    is_default: Boolean(row.is_default),
    address_scope_id: row.address_scope_id,
    ...standardAttributes(row, tags.get(row.id) ?? []),
  }));
}

function sortCidrs(cidrs: readonly string[]): string[] {
  return [...cidrs].sort((a, b) => {
    const x = parseCidr(a)!;
    const y = parseCidr(b)!;
    return x.version - y.version || (x.address < y.address ? -1 : x.address > y.address ? 1 : 0);
  });
}

/** neutron's SubnetPoolReader._read_prefix_info: one family, compacted. */
function readPrefixes(value: unknown): { version: IpVersion; prefixes: Cidr[] } {
  const list = Array.isArray(value) ? value.map(String) : [];
  if (list.length === 0) throw new EmptySubnetPoolPrefixList({});
  const cidrs = list.map((text) => {
    const cidr = parseCidr(text);
    if (!cidr) throw new InvalidInput({ error_message: `'${text}' is not a valid IP subnet` });
    return cidrNetwork(cidr);
  });
  const version = cidrs[0]!.version;
  if (cidrs.some((cidr) => cidr.version !== version)) throw new PrefixVersionMismatch({});
  return { version, prefixes: compactPrefixes(cidrs) };
}

interface PrefixBounds {
  min: number;
  max: number;
  default: number;
}

/** neutron's SubnetPoolHelper validations of min/max/default prefix lengths. */
function validateBounds(bounds: PrefixBounds, version: IpVersion): void {
  if (bounds.min < 0) throw new UnsupportedMinSubnetPoolPrefix({ prefix: bounds.min, version: 4 });
  if (bounds.min > bounds.max) {
    throw new IllegalSubnetPoolPrefixBounds({
      prefix_type: 'min_prefixlen',
      prefixlen: bounds.min,
      base_prefix_type: 'max_prefixlen',
      base_prefixlen: bounds.max,
    });
  }
  if (bounds.max > IP_BITS[version]) {
    throw new IllegalSubnetPoolPrefixBounds({
      prefix_type: 'max_prefixlen',
      prefixlen: bounds.max,
      base_prefix_type: 'ip_version_max',
      base_prefixlen: IP_BITS[version],
    });
  }
  if (bounds.default < bounds.min) {
    throw new IllegalSubnetPoolPrefixBounds({
      prefix_type: 'default_prefixlen',
      prefixlen: bounds.default,
      base_prefix_type: 'min_prefixlen',
      base_prefixlen: bounds.min,
    });
  }
  if (bounds.default > bounds.max) {
    throw new IllegalSubnetPoolPrefixBounds({
      prefix_type: 'default_prefixlen',
      prefixlen: bounds.default,
      base_prefix_type: 'max_prefixlen',
      base_prefixlen: bounds.max,
    });
  }
}

/** Only one default pool per IP family (neutron's _check_default_subnetpool_exists). */
async function ensureSingleDefault(session: Session, version: IpVersion, exceptId?: string): Promise<void> {
  await lockGlobally(session, GLOBAL_LOCKS.defaultSubnetPools);
  let query = session.db.selectFrom('subnetpools').select('id').where('is_default', '=', 1).where('ip_version', '=', version);
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) {
    throw new InvalidInput({
      error_message: 'A default subnetpool for this IP family has already been set. Only one default may exist per IP family',
    });
  }
}

export async function insertSubnetPool(session: Session, body: Readonly<Record<string, unknown>>): Promise<string> {
  const { version, prefixes } = readPrefixes(given(body, 'prefixes'));
  const min = givenInteger(body, 'min_prefixlen') ?? DEFAULT_MIN_PREFIXLEN[version];
  const max = givenInteger(body, 'max_prefixlen') ?? IP_BITS[version];
  const bounds = { min, max, default: givenInteger(body, 'default_prefixlen') ?? min };
  validateBounds(bounds, version);
  const isDefault = givenBoolean(body, 'is_default') ?? false;
  if (isDefault) await ensureSingleDefault(session, version);
  const id = givenString(body, 'id') ?? randomUUID();
  const projectId = owningProject(body, session.context.projectId);
  await session.db
    .insertInto('subnetpools')
    .values({
      id,
      project_id: projectId,
      name: givenString(body, 'name') ?? '',
      ip_version: version,
      default_prefixlen: bounds.default,
      min_prefixlen: bounds.min,
      max_prefixlen: bounds.max,
      is_default: isDefault ? 1 : 0,
      default_quota: givenInteger(body, 'default_quota') ?? null,
      address_scope_id: givenString(body, 'address_scope_id') ?? null,
      ...newStandardColumns(givenString(body, 'description') ?? ''),
    })
    .execute();
  await session.db
    .insertInto('subnetpoolprefixes')
    .values(prefixes.map((cidr) => ({ cidr: formatCidr(cidr), subnetpool_id: id })))
    .execute();
  if (givenBoolean(body, 'shared')) await sharePoolWithAll(session, { id, project_id: projectId });
  return id;
}

export async function updateSubnetPoolRow(session: Session, row: SubnetPoolRow, body: Readonly<Record<string, unknown>>): Promise<void> {
  const version = Number(row.ip_version) as IpVersion;
  const bounds = {
    min: givenInteger(body, 'min_prefixlen') ?? Number(row.min_prefixlen),
    max: givenInteger(body, 'max_prefixlen') ?? Number(row.max_prefixlen),
    default: givenInteger(body, 'default_prefixlen') ?? Number(row.default_prefixlen),
  };
  validateBounds(bounds, version);
  const newPrefixes = given(body, 'prefixes');
  if (newPrefixes !== undefined) {
    const { version: newVersion, prefixes } = readPrefixes(newPrefixes);
    if (newVersion !== version) throw new PrefixVersionMismatch({});
    const current = (await loadPrefixes(session, [row.id])).get(row.id) ?? [];
    // neutron's _check_subnetpool_update_allowed: prefixes may grow, never shrink.
    for (const old of current.map((text) => parseCidr(text)!)) {
      if (!prefixes.some((cidr) => cidrContains(cidr, old))) {
        throw new IllegalSubnetPoolPrefixUpdate({ msg: `Existing prefix ${formatCidr(old)} must be a subset of the new prefixes` });
      }
    }
    await session.db.deleteFrom('subnetpoolprefixes').where('subnetpool_id', '=', row.id).execute();
    await session.db
      .insertInto('subnetpoolprefixes')
      .values(prefixes.map((cidr) => ({ cidr: formatCidr(cidr), subnetpool_id: row.id })))
      .execute();
  }
  const isDefault = givenBoolean(body, 'is_default');
  if (isDefault === true && !Boolean(row.is_default)) await ensureSingleDefault(session, version, row.id);
  const quota = givenInteger(body, 'default_quota');
  await session.db
    .updateTable('subnetpools')
    .set({
      ...givenStrings(body, ['name', 'description']),
      ...(isDefault !== undefined ? { is_default: isDefault ? 1 : 0 } : {}),
      ...(quota !== undefined ? { default_quota: quota } : {}),
      ...(given(body, 'address_scope_id') !== undefined ? { address_scope_id: givenString(body, 'address_scope_id') ?? null } : {}),
      min_prefixlen: bounds.min,
      max_prefixlen: bounds.max,
      default_prefixlen: bounds.default,
      ...revisionBump(row),
    })
    .where('id', '=', row.id)
    .execute();
}

export async function ensureSubnetPoolUnused(session: Session, id: string): Promise<void> {
  const used = await session.db.selectFrom('subnets').select('id').where('subnetpool_id', '=', id).executeTakeFirst();
  if (used) throw new SubnetPoolInUse({ subnet_pool_id: id });
}

/** The default pool of a family (neutron's _get_default_subnetpool_id for use_default_subnetpool). */
export async function defaultSubnetPoolId(session: Session, version: number): Promise<string> {
  const row = await session.db.selectFrom('subnetpools').select('id').where('is_default', '=', 1).where('ip_version', '=', version).executeTakeFirst();
  if (!row) throw new BadRequest({ resource: 'subnets', msg: `No default subnetpool found for IPv${version}` });
  return row.id;
}

/**
 * neutron's _check_subnetpool_tenant_quota: with a default_quota, the
 * project's subnets from the pool, in /32 (IPv4) or /64 (IPv6) units, plus
 * the new one may not exceed it.
 */
async function checkQuota(session: Session, pool: SubnetPoolRow, projectId: string, prefixLength: number): Promise<void> {
  const quota = pool.default_quota === null ? 0 : Number(pool.default_quota);
  if (!quota) return;
  const unit = Number(pool.ip_version) === 4 ? 32 : 64;
  const units = (length: number): number => 2 ** Math.max(0, unit - length);
  const owned = await session.db.selectFrom('subnets').select('cidr').where('subnetpool_id', '=', pool.id).where('project_id', '=', projectId).execute();
  const used = owned.reduce((sum, row) => sum + units(parseCidr(row.cidr)!.prefixLength), 0);
  if (used + units(prefixLength) > quota) throw new SubnetPoolQuotaExceeded({});
}

/**
 * Takes a prefix for a new subnet from the pool (neutron's
 * SubnetAllocator): the requested CIDR if it lies in the pool's prefixes
 * and overlaps no subnet already allocated from it, or else the first free
 * block of `prefixlen` (the pool's default when not given). The pool row is
 * locked first on PostgreSQL so that concurrent allocations queue.
 */
export async function allocateFromPool(
  session: Session,
  pool: SubnetPoolRow,
  projectId: string,
  requestedCidr: Cidr | undefined,
  prefixlen: number | undefined,
): Promise<Cidr> {
  await lockRow(session, 'subnetpools', pool.id, 'update');
  const prefixes = ((await loadPrefixes(session, [pool.id])).get(pool.id) ?? []).map((text) => parseCidr(text)!);
  const allocated = (await session.db.selectFrom('subnets').select('cidr').where('subnetpool_id', '=', pool.id).execute()).map((row) => parseCidr(row.cidr)!);
  const length = requestedCidr?.prefixLength ?? prefixlen ?? Number(pool.default_prefixlen);
  if (length < Number(pool.min_prefixlen)) throw new MinPrefixSubnetAllocationError({ prefixlen: length, min_prefixlen: pool.min_prefixlen });
  if (length > Number(pool.max_prefixlen)) throw new MaxPrefixSubnetAllocationError({ prefixlen: length, max_prefixlen: pool.max_prefixlen });
  await checkQuota(session, pool, projectId, length);
  if (requestedCidr) {
    const inside = prefixes.some((prefix) => cidrContains(prefix, requestedCidr));
    if (!inside || allocated.some((cidr) => cidrsOverlap(cidr, requestedCidr))) {
      throw new SubnetAllocationError({ reason: 'Cannot allocate requested subnet from the available set of prefixes' });
    }
    return requestedCidr;
  }
  const found = firstFreePrefix(prefixes, allocated, length);
  if (!found) throw new SubnetAllocationError({ reason: `Insufficient prefix space to allocate subnet size /${length}` });
  return found;
}
