import { randomUUID } from 'node:crypto';
import { sql, type Expression } from 'kysely';
import { InvalidSharedSetting, NetworkInUse, NetworkNotFound, constants, type Network } from '@net-server/lib';
import { givenBoolean, givenInteger, givenString, givenStrings, owningProject } from '../resource-kit/request-body.js';
import { ACCESS_EXTERNAL, ACCESS_SHARED, grantToAll, networksGrantedTo, revokeFromAll, targetsOf, WILDCARD } from './network-rbac/network-rbac-entries.js';
import { byIds, type RowPage } from '../resource-kit/resource-ops.js';
import { selectRows } from '../resource-kit/select-rows.js';
import type { NetworksTable } from './schema.js';
import { lockRow, withRowLock, type RowLock, type Session } from './session.js';
import { groupBy, identity, inChunks, newStandardColumns, revisionBump, standardAttributes } from './standard-attributes.js';
import { resourceTags } from './tags.js';

/** neutron_lib.constants.DEFAULT_NETWORK_MTU, stored until a plugin (ML2) computes the real one. */
const DEFAULT_NETWORK_MTU = 1500;

/** Ports the server deletes itself when their network goes (neutron's AUTO_DELETE_PORT_OWNERS). */
export const AUTO_DELETE_PORT_OWNERS: readonly string[] = [constants.DEVICE_OWNER_DHCP, constants.DEVICE_OWNER_DISTRIBUTED, constants.DEVICE_OWNER_AGENT_GW];

/** A network's row as loadNetworkRows reads it: with whether an RBAC entry shares it with the caller. */
export type NetworkRow = NetworksTable & { readonly shared_with_caller: boolean | number };

/**
 * Networks the caller may see: admins all, others their own, those RBAC
 * entries share with them or make external for them (neutron's rbac query
 * filter and external_net_db's hook), and those `alsoVisible` adds (ResourceHooks).
 */
export async function loadNetworkRows(
  session: Session,
  ids?: readonly string[],
  alsoVisible: readonly Expression<string>[] = [],
  page?: RowPage,
  lock?: RowLock,
): Promise<NetworkRow[]> {
  const { context } = session;
  // `shared` in the same round trip (neutron's _is_network_shared): what a network's dict shows, and
  // what the API's check that a port or subnet goes on the caller's own or a shared network reads.
  const selected = session.db
    .selectFrom('networks')
    .selectAll()
    .select((eb) =>
      eb
        .exists(networksGrantedTo(session.db, context.projectId ?? '', [ACCESS_SHARED]).where('object_id', '=', sql.ref<string>('networks.id')))
        .as('shared_with_caller'),
    );
  const all = lock ? withRowLock(selected, session.dialect, lock) : selected;
  const query = context.seesAllProjects
    ? all
    : all.where((eb) =>
        eb.or([
          eb('project_id', '=', context.projectId ?? ''),
          eb('id', 'in', networksGrantedTo(session.db, context.projectId ?? '', [ACCESS_SHARED, ACCESS_EXTERNAL])),
          ...alsoVisible.map((extra) => eb('id', 'in', extra)),
        ]),
      );
  return selectRows(query, ids && byIds(ids), page);
}

/** The network row, or NetworkNotFound when it does not exist or the caller may not see it; with `lock`, locked so (see RowLock). */
export async function getNetworkRow(session: Session, id: string, lock?: RowLock): Promise<NetworkRow> {
  const [row] = await loadNetworkRows(session, [id], [], undefined, lock);
  if (!row) throw new NetworkNotFound({ net_id: id });
  if (!lock || session.dialect !== 'postgres' || session.context.seesAllProjects || row.project_id === session.context.projectId) return row;
  // The caller sees the network through an RBAC entry, which PostgreSQL read on the statement's snapshot, taken
  // before the lock was granted: an entry deleted by the transaction that held the lock still counted, and a port
  // could land on a network its project had just lost (the delete saw no port of it). With the lock held, a new
  // statement sees every entry deleted before it. MySQL's locking read reads the latest entries already.
  const [now] = await loadNetworkRows(session, [id]);
  if (!now) throw new NetworkNotFound({ net_id: id });
  return now;
}

async function networkSubnetIds(session: Session, ids: readonly string[]): Promise<Map<string, string[]>> {
  const found = await inChunks(ids, (part) =>
    session.db.selectFrom('subnets').select(['id', 'network_id', 'created_at']).where('network_id', 'in', part).execute(),
  );
  found.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1));
  return groupBy(
    found,
    (subnet) => subnet.network_id,
    (subnet) => subnet.id,
  );
}

/**
 * The networks' dicts. With `fields` (ResourceOps.makeDicts) not naming
 * subnets or tags, those are not read and stay empty: the engine drops
 * them, and the API's check that a port goes on the caller's own or a
 * shared network then costs two queries, not four.
 */
export async function makeNetworkDicts(session: Session, rows: readonly NetworkRow[], fields?: readonly string[]): Promise<Network[]> {
  const ids = rows.map((row) => row.id);
  const wanted = (name: string): boolean => fields === undefined || fields.includes(name);
  const subnets = wanted('subnets') ? await networkSubnetIds(session, ids) : new Map<string, string[]>();
  const tags = wanted('tags') ? await resourceTags.load(session.db, ids) : new Map<string, string[]>();
  return rows.map((row) => ({
    ...identity(row),
    admin_state_up: Boolean(row.admin_state_up),
    mtu: Number(row.mtu),
    status: row.status,
    subnets: subnets.get(row.id) ?? [],
    shared: Boolean(row.shared_with_caller),
    ...standardAttributes(row, tags.get(row.id) ?? []),
  }));
}

export async function insertNetwork(session: Session, body: Readonly<Record<string, unknown>>): Promise<string> {
  const id = givenString(body, 'id') ?? randomUUID();
  const project = owningProject(body, session.context.projectId);
  await session.db
    .insertInto('networks')
    .values({
      id,
      project_id: project,
      name: givenString(body, 'name') ?? '',
      // A plugin may pass a computed status or MTU through the body, as ML2 does in neutron.
      status: givenString(body, 'status') ?? constants.NET_STATUS_ACTIVE,
      admin_state_up: (givenBoolean(body, 'admin_state_up') ?? true) ? 1 : 0,
      mtu: givenInteger(body, 'mtu') ?? DEFAULT_NETWORK_MTU,
      ...newStandardColumns(givenString(body, 'description') ?? ''),
    })
    .execute();
  // neutron: `shared` is the network's access_as_shared entry for every project.
  if (givenBoolean(body, 'shared')) await grantToAll(session, { id, project_id: project }, ACCESS_SHARED);
  return id;
}

export async function updateNetworkRow(session: Session, row: NetworkRow, body: Readonly<Record<string, unknown>>): Promise<void> {
  const shared = givenBoolean(body, 'shared');
  if (shared !== undefined) await updateShared(session, row, shared);
  const mtu = givenInteger(body, 'mtu');
  await session.db
    .updateTable('networks')
    .set({
      ...givenStrings(body, ['name', 'description', 'status']),
      ...(givenBoolean(body, 'admin_state_up') !== undefined ? { admin_state_up: givenBoolean(body, 'admin_state_up') ? 1 : 0 } : {}),
      ...(typeof mtu === 'number' ? { mtu } : {}),
      ...revisionBump(row),
    })
    .where('id', '=', row.id)
    .execute();
}

/** Adds or removes the network's access_as_shared entry for `*`, as `shared` now says. */
async function updateShared(session: Session, row: NetworkRow, shared: boolean): Promise<void> {
  const wasShared = (await targetsOf(session, row.id, ACCESS_SHARED)).includes(WILDCARD);
  if (shared === wasShared) return;
  if (shared) {
    await grantToAll(session, row, ACCESS_SHARED);
    return;
  }
  // Another project's port being created meanwhile is either seen below or, once this commits, no longer sees the network.
  await lockRow(session, 'networks', row.id, 'exclusive');
  await ensureNoForeignUse(session, row);
  await revokeFromAll(session, row.id, ACCESS_SHARED);
}

/**
 * neutron's _validate_shared_update: a network cannot stop being shared
 * while projects other than its owner and those with entries of their own
 * have ports (other than the network's own devices) or subnets on it.
 */
async function ensureNoForeignUse(session: Session, row: NetworkRow): Promise<void> {
  const allowed = [...(await targetsOf(session, row.id, ACCESS_SHARED)).filter((target) => target !== WILDCARD), row.project_id];
  const port = await session.db
    .selectFrom('ports')
    .select('id')
    .where('network_id', '=', row.id)
    .where('project_id', 'not in', allowed)
    .where('device_owner', 'not like', `${constants.DEVICE_OWNER_NETWORK_PREFIX}%`)
    .executeTakeFirst();
  const subnet = await session.db.selectFrom('subnets').select('id').where('network_id', '=', row.id).where('project_id', 'not in', allowed).executeTakeFirst();
  if (port || subnet) throw new InvalidSharedSetting({ network: row.name === '' ? row.id : row.name });
}

/**
 * neutron's _ensure_network_not_in_use: only ports the server manages
 * itself (DHCP, distributed, agent gateway) may remain on a network being
 * deleted; they go with it.
 */
export async function ensureNetworkNotInUse(session: Session, networkId: string): Promise<string[]> {
  // Ports being created meanwhile either show up below or fail on the foreign key and retry.
  await lockRow(session, 'networks', networkId, 'exclusive');
  const ports = await session.db.selectFrom('ports').select(['id', 'device_owner']).where('network_id', '=', networkId).execute();
  if (ports.some((port) => !AUTO_DELETE_PORT_OWNERS.includes(port.device_owner))) {
    throw new NetworkInUse({ net_id: networkId });
  }
  return ports.map((port) => port.id);
}
