import { constants, getAdminContext, type Context, type Logger, type ResourceDict } from '@net-server/lib';
import { stringArg, Target } from '@net-server/rpc';
import { TRUNK_BUILD_STATUS, TRUNK_DEGRADED_STATUS, TRUNK_ERROR_STATUS, TRUNK_SUBPORT_OWNER } from '../constants.js';
import { bindingHost, type TrunkCorePlugin } from '../plugin/core-access.js';

/** What the agents' calls change: trunks as an admin finds them, and their status. */
export interface TrunkRpcHost {
  readonly core: TrunkCorePlugin;
  findTrunk(context: Context, id: string): Promise<ResourceDict | undefined>;
  setStatus(context: Context, id: string, status: string): Promise<void>;
  readonly logger: Logger;
}

/** neutron's trunk RPC topic and namespace (neutron.services.trunk.rpc.constants). */
export const TRUNK_TOPIC = 'trunk';
export const TRUNK_NAMESPACE = 'trunk';

/**
 * The trunk agents' callbacks (neutron's server-side TrunkSkeleton, RPC API
 * 1.0, namespace `trunk`) on the `trunk` topic: an agent wiring a trunk asks
 * the server to bind its subports where the parent is bound, and reports
 * the trunk's status once it is wired. Agents call as admins; this answers
 * as one.
 */
export class TrunkRpcCallbacks {
  readonly target = new Target({ version: '1.0', namespace: TRUNK_NAMESPACE });

  constructor(private readonly host: TrunkRpcHost) {}

  /** The trunk's status after the agent wired it (ACTIVE, DEGRADED, ERROR, DOWN); nothing for a trunk gone meanwhile. */
  async update_trunk_status(_context: unknown, args: Record<string, unknown>): Promise<null> {
    const id = stringArg(args, 'trunk_id');
    const admin = getAdminContext();
    if (await this.host.findTrunk(admin, id)) await this.host.setStatus(admin, id, stringArg(args, 'status'));
    return null;
  }

  /**
   * Binds the subports (`[{trunk_id, port_id, ...}]`) to their parent's host
   * (or the host it migrates to) with device owner `trunk:subport`: trunk
   * id -> the subports bound, as their port dicts. The trunk is BUILD
   * meanwhile; a subport the host cannot bind puts it in ERROR (and answers
   * none for it); one that failed otherwise leaves it DEGRADED.
   */
  async update_subport_bindings(_context: unknown, args: Record<string, unknown>): Promise<Record<string, ResourceDict[]>> {
    const admin = getAdminContext();
    const byTrunk = new Map<string, string[]>();
    for (const subport of Array.isArray(args['subports']) ? (args['subports'] as Record<string, unknown>[]) : []) {
      const trunkId = String(subport['trunk_id']);
      byTrunk.set(trunkId, [...(byTrunk.get(trunkId) ?? []), String(subport['port_id'])]);
    }
    const updated: Record<string, ResourceDict[]> = {};
    for (const [trunkId, portIds] of byTrunk) {
      const trunk = await this.host.findTrunk(admin, trunkId);
      if (trunk === undefined) {
        this.host.logger.debug('trunk not found', { trunk_id: trunkId });
        continue;
      }
      updated[trunkId] = [...(updated[trunkId] ?? []), ...(await this.#bind(admin, trunk, portIds))];
    }
    return updated;
  }

  async #bind(admin: Context, trunk: ResourceDict, portIds: readonly string[]): Promise<ResourceDict[]> {
    const trunkId = String(trunk['id']);
    const parent = await this.host.core.getPort(admin, String(trunk['port_id']));
    const profile = parent[constants.PROFILE];
    const migratingTo = typeof profile === 'object' && profile !== null ? (profile as Record<string, unknown>)['migrating_to'] : undefined;
    const host = typeof migratingTo === 'string' && migratingTo !== '' ? migratingTo : bindingHost(parent);
    await this.host.setStatus(admin, trunkId, TRUNK_BUILD_STATUS);
    const bound: ResourceDict[] = [];
    for (const portId of portIds) {
      let port: ResourceDict;
      try {
        port = await this.host.core.updatePort(admin, portId, { [constants.HOST_ID]: host, device_owner: TRUNK_SUBPORT_OWNER });
      } catch (error) {
        this.host.logger.error('Failed to bind subport', { port_id: portId, trunk_id: trunkId, error: String(error) });
        continue;
      }
      if (port[constants.VIF_TYPE] === constants.VIF_TYPE_BINDING_FAILED) {
        this.host.logger.error('Failed to set port binding for a subport', { port_id: portId, trunk_id: trunkId, host });
        await this.host.setStatus(admin, trunkId, TRUNK_ERROR_STATUS);
        return [];
      }
      bound.push(port);
    }
    if (bound.length !== portIds.length) await this.host.setStatus(admin, trunkId, TRUNK_DEGRADED_STATUS);
    return bound;
  }
}
