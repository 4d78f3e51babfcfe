import { constants, timestampNow, type Context, type ResourceDict } from '@net-server/lib';
import type { ResourceHooks, Session, TransactionRunner } from 'net-server';
import type { AgentsDb } from '../agents/agents-db.js';
import { ml2View } from '../db/ml2-view.js';
import { networkSegments } from '../db/network-segments.js';
import { portBindings, unboundBinding } from '../db/port-bindings.js';
import { NetworkContext } from '../mech/network-context.js';
import type { MechanismManager } from '../mech/mechanism-manager.js';
import type { PortContext } from '../mech/port-context.js';
import { portContextOf } from './port-hooks.js';

/** What a batch of status changes needs of the plugin. */
export interface PortStatusesDeps {
  readonly transactions: Pick<TransactionRunner, 'write'>;
  readonly loadDicts: (session: Session, resource: 'network' | 'port', ids: readonly string[]) => Promise<ResourceDict[]>;
  readonly mechanisms: MechanismManager;
  readonly agents: AgentsDb;
  /** The port hooks, in the order updatePort runs them. */
  readonly hooks: () => readonly ResourceHooks[];
  /** ML2's PortHooks, whose postcommit work for a status change this batch does itself. */
  readonly portHooks: ResourceHooks;
  /** The hooks that push each updated port to agents, which this batch replaces by one push of all. */
  readonly pushHooks: ResourceHooks;
  /** Pushes the changed ports to agents' caches, all in one push. */
  readonly pushPorts: (context: Context, ids: readonly string[]) => Promise<void>;
  readonly bindPortIfNeeded: (context: Context, port: ResourceDict) => Promise<unknown>;
}

/** One port's status change, as updatePort's hooks would have seen it. */
interface StatusChange {
  original: ResourceDict;
  updated: ResourceDict;
  portContext: PortContext;
}

const UNBOUND_VIF_TYPES: ReadonlySet<string> = new Set([constants.VIF_TYPE_UNBOUND, constants.VIF_TYPE_BINDING_FAILED]);

/**
 * Sets the statuses agents report (neutron's update_port_statuses) for any
 * number of ports in a fixed number of queries: one read of the ports,
 * their bindings, levels, networks and segments, one UPDATE per status
 * value (revision_number and updated_at bumped as updatePort bumps them),
 * then per changed port what updatePort does for a status-only change:
 * the mechanism drivers' update_port_precommit in the transaction and
 * update_port_postcommit after it, the other port hooks' postcommitUpdate
 * (the Nova notifier's status events, DHCP notifications, service
 * plugins'), and one push of all the ports to agents. As neutron's
 * _update_individual_port_db_status, no other precommit runs (neutron
 * publishes no PRECOMMIT_UPDATE for a status), a port whose status is
 * already the one asked for is left alone, and one that is gone is
 * skipped. Joins the caller's transaction when there is one.
 */
export async function updatePortStatuses(deps: PortStatusesDeps, context: Context, statuses: ReadonlyMap<string, string>): Promise<void> {
  if (statuses.size === 0) return;
  const admin = context.elevated();
  await deps.transactions.write(admin, async (session) => {
    const changes = await writeStatuses(deps, session, statuses);
    if (changes.length === 0) return;
    for (const change of changes) await deps.mechanisms.call('updatePortPrecommit', change.portContext);
    session.afterCommit(() => afterCommit(deps, admin, changes));
  });
}

async function writeStatuses(deps: PortStatusesDeps, session: Session, statuses: ReadonlyMap<string, string>): Promise<StatusChange[]> {
  const admin = session.withContext(session.context.elevated());
  const db = ml2View(session.db);
  const found = new Map((await deps.loadDicts(admin, 'port', [...statuses.keys()])).map((port) => [String(port['id']), port]));
  // In the order asked for, as neutron's loop over port_id_to_status.
  const ports = [...statuses].flatMap(([id, status]) => {
    const port = found.get(id);
    return port !== undefined && port['status'] !== status ? [port] : [];
  });
  if (ports.length === 0) return [];
  const ids = ports.map((port) => String(port['id']));
  const bindings = await portBindings.forPorts(db, ids);
  const levels = await portBindings.levelsForBindings(db, bindings);
  const networkIds = [...new Set(ports.map((port) => String(port['network_id'])))];
  const networks = new Map((await deps.loadDicts(admin, 'network', networkIds)).map((network) => [String(network['id']), network]));
  const segments = await networkSegments.forNetworks(db, networkIds, true);
  const now = timestampNow();
  for (const status of new Set(statuses.values())) {
    const changed = ids.filter((id) => statuses.get(id) === status);
    if (changed.length === 0) continue;
    await session.db
      .updateTable('ports')
      .set((eb) => ({ status, revision_number: eb('revision_number', '+', 1), updated_at: now }))
      .where('id', 'in', changed)
      .execute();
  }
  return ports.map((original) => {
    const id = String(original['id']);
    const networkId = String(original['network_id']);
    const updated: ResourceDict = {
      ...structuredClone(original),
      status: statuses.get(id),
      revision_number: Number(original['revision_number']) + 1,
      updated_at: now,
    };
    const binding = bindings.get(id) ?? unboundBinding();
    const portLevels = levels.get(id) ?? [];
    const network = new NetworkContext(session.context, networks.get(networkId) ?? { id: networkId }, segments.get(networkId) ?? []);
    const portContext = portContextOf(db, session.context, deps.agents, network, updated, { ...binding }, portLevels, {
      port: original,
      binding,
      levels: portLevels,
    });
    return { original, updated, portContext };
  });
}

/** updatePort's postcommit work, port by port in hook order, with ML2's own hooks' part done here and the pushes in one. */
async function afterCommit(deps: PortStatusesDeps, context: Context, changes: readonly StatusChange[]): Promise<void> {
  for (const { original, updated, portContext } of changes) {
    for (const hooks of deps.hooks()) {
      if (hooks === deps.portHooks) {
        // Its status-only part: the drivers' postcommit, and another try at binding a port that has a host but no binding yet.
        await deps.mechanisms.call('updatePortPostcommit', portContext);
        if (portContext.binding.host !== '' && UNBOUND_VIF_TYPES.has(portContext.binding.vif_type)) await deps.bindPortIfNeeded(context, updated);
      } else if (hooks !== deps.pushHooks) {
        await hooks.postcommitUpdate?.(context, original, updated);
      }
    }
  }
  await deps.pushPorts(
    context,
    changes.map(({ updated }) => String(updated['id'])),
  );
}
