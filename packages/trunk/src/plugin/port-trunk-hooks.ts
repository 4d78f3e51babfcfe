import { constants, type Context, type ResourceDict } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { trunkView } from '../db/schema.js';
import { PortInUseAsSubPort, PortInUseAsTrunkParent } from '../errors.js';
import { subportDict, subports } from './subports.js';

/** neutron_lib.api.definitions.trunk_details.TRUNK_DETAILS. */
export const TRUNK_DETAILS = 'trunk_details';

/** The VIF types the Open vSwitch mechanism driver binds, whose parent ports plug into a trunk bridge. */
const OVS_VIF_TYPES: readonly unknown[] = [constants.VIF_TYPE_OVS, constants.VIF_TYPE_VHOST_USER];

/**
 * neutron's Open vSwitch trunk driver names a parent port's bridge in its
 * `binding:vif_details` (`bridge_name`: `tbr-` and the trunk id, cut to
 * an interface name's 14 characters), where Nova plugs the VM and the
 * agent builds the trunk. neutron writes it when the port is bound; as a
 * trunk on Open vSwitch is neither made on a bound parent nor deleted from
 * one, naming it whenever the bound parent is shown says the same.
 */
function withTrunkBridge(port: ResourceDict, trunkId: string): void {
  const details = port[constants.VIF_DETAILS];
  if (!OVS_VIF_TYPES.includes(port[constants.VIF_TYPE]) || typeof details !== 'object' || details === null) return;
  port[constants.VIF_DETAILS] = { ...details, bridge_name: `tbr-${trunkId}`.slice(0, 14) };
}

/**
 * What the trunk plugin adds to the core plugin's ports: a port that is a
 * subport or a trunk's parent cannot be deleted (neutron's
 * enforce_port_deletion_rules, a BEFORE_DELETE callback); a parent port
 * shows its trunk (`trunk_details`, neutron's _extend_port_trunk_details);
 * a parent port bound by Open vSwitch names the trunk's bridge; a parent
 * port that becomes unbound takes its trunk DOWN (neutron's
 * _trigger_trunk_status_change).
 */
export function portTrunkHooks(setDown: (context: Context, trunkId: string) => Promise<void>): ResourceHooks {
  return {
    async beforeDelete(session: Session, port: ResourceDict): Promise<void> {
      const db = trunkView(session.db);
      const portId = String(port['id']);
      const subport = await subports.ofPort(db, portId);
      if (subport) throw new PortInUseAsSubPort({ port_id: portId, trunk_id: subport.trunk_id });
      const trunk = await subports.trunkOfParent(db, portId);
      if (trunk) throw new PortInUseAsTrunkParent({ port_id: portId, trunk_id: trunk.id });
    },

    async extendDicts(session: Session, ports: ResourceDict[]): Promise<void> {
      const db = trunkView(session.db);
      const parents = await db
        .selectFrom('trunks')
        .select(['id', 'port_id'])
        .where(
          'port_id',
          'in',
          ports.map((port) => String(port['id'])),
        )
        .execute();
      if (parents.length === 0) return;
      const byTrunk = await subports.ofTrunks(
        db,
        parents.map((trunk) => trunk.id),
      );
      const subportIds = [...byTrunk.values()].flat().map((subport) => subport.port_id);
      const macs = new Map(
        subportIds.length === 0
          ? []
          : (await db.selectFrom('ports').select(['id', 'mac_address']).where('id', 'in', subportIds).execute()).map((row) => [row.id, row.mac_address]),
      );
      const trunkOf = new Map(parents.map((trunk) => [trunk.port_id, trunk.id]));
      for (const port of ports) {
        const trunkId = trunkOf.get(String(port['id']));
        if (trunkId === undefined) continue;
        const details = (byTrunk.get(trunkId) ?? []).map((row) => ({ ...subportDict(row), mac_address: macs.get(row.port_id) ?? null }));
        port[TRUNK_DETAILS] = { trunk_id: trunkId, sub_ports: details };
        withTrunkBridge(port, trunkId);
      }
    },

    async postcommitUpdate(context: Context, original: ResourceDict, updated: ResourceDict): Promise<void> {
      const details = updated[TRUNK_DETAILS] as { trunk_id?: unknown } | undefined;
      if (details?.trunk_id === undefined) return;
      // ML2 binds the port after the commit, replacing its vif_details in the answer.
      withTrunkBridge(updated, String(details.trunk_id));
      const unbound = original[constants.VIF_TYPE] !== updated[constants.VIF_TYPE] && updated[constants.VIF_TYPE] === constants.VIF_TYPE_UNBOUND;
      if (unbound) await setDown(context, String(details.trunk_id));
    },
  };
}
