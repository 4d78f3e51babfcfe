import { randomInt } from 'node:crypto';
import { getAdminContext, NetworkInUse, NetworkNotFound, type Context } from '@net-server/lib';
import type { Session } from 'net-server';
import { l3View } from '../db/schema.js';
import { NoVRIDAvailable } from '../errors.js';
import type { L3CorePlugin } from './core-access.js';

/** VRRP's virtual router ids, one per HA router of a project (neutron's VR_ID_RANGE). */
const VR_IDS = Array.from({ length: 254 }, (_, index) => index + 1);

export interface HaNetworkSettings {
  /** l3_ha_net_cidr */
  cidr: string;
  /** l3_ha_network_type, '' for the core's default */
  networkType: string;
  /** l3_ha_network_physical_name */
  physicalName: string;
}

/** neutron's HA_NETWORK_NAME, HA_SUBNET_NAME and HA_PORT_NAME: what names the HA resources of a project. */
export const haNetworkName = (projectId: string): string => `HA network tenant ${projectId}`;
export const haSubnetName = (projectId: string): string => `HA subnet tenant ${projectId}`;
export const haPortName = (projectId: string): string => `HA port tenant ${projectId}`;

/**
 * The per-project HA network of l3-ha (neutron's L3_HA_NAT_db_mixin): an
 * admin-owned network, ownerless as neutron makes it (`tenant_id` ''), named
 * after the project, with one subnet on `l3_ha_net_cidr` without DHCP or
 * gateway, over which the project's HA routers run VRRP, each with its own
 * virtual router id.
 */
export class HaNetworks {
  readonly #core: L3CorePlugin;
  readonly #settings: HaNetworkSettings;

  constructor(core: L3CorePlugin, settings: HaNetworkSettings) {
    this.#core = core;
    this.#settings = settings;
  }

  /** The project's HA network id, if it has one. */
  async networkOf(session: Session, projectId: string): Promise<string | undefined> {
    const row = await l3View(session.db).selectFrom('ha_router_networks').select('network_id').where('project_id', '=', projectId).executeTakeFirst();
    return row?.network_id;
  }

  /**
   * The project's HA network, created with its subnet when it has none.
   * A concurrent creation for the same project fails on the table's key, and
   * the transaction's retry finds the other's network.
   */
  async ensure(session: Session, projectId: string): Promise<string> {
    const existing = await this.networkOf(session, projectId);
    if (existing !== undefined) return existing;
    const admin = getAdminContext();
    const network = await this.#core.createNetwork(admin, {
      name: haNetworkName(projectId),
      tenant_id: '',
      project_id: '',
      shared: false,
      admin_state_up: true,
      ...(this.#settings.networkType ? { 'provider:network_type': this.#settings.networkType } : {}),
      ...(this.#settings.physicalName ? { 'provider:physical_network': this.#settings.physicalName } : {}),
    });
    await l3View(session.db).insertInto('ha_router_networks').values({ project_id: projectId, network_id: network.id }).execute();
    await this.#core.createSubnet(admin, {
      network_id: network.id,
      tenant_id: '',
      project_id: '',
      name: haSubnetName(projectId),
      ip_version: 4,
      cidr: this.#settings.cidr,
      enable_dhcp: false,
      gateway_ip: null,
    });
    return network.id;
  }

  /** A free VRID on the network for the router (neutron's _ensure_vr_id): a random free one, so concurrent allocations rarely collide. */
  async allocateVrId(session: Session, routerId: string, networkId: string): Promise<number> {
    const db = l3View(session.db);
    const taken = new Set(
      (await db.selectFrom('ha_router_vrid_allocations').select('vr_id').where('network_id', '=', networkId).execute()).map((row) => Number(row.vr_id)),
    );
    const free = VR_IDS.filter((id) => !taken.has(id));
    if (free.length === 0) throw new NoVRIDAvailable({ router_id: routerId });
    const vrId = free[randomInt(free.length)]!;
    await db.insertInto('ha_router_vrid_allocations').values({ network_id: networkId, vr_id: vrId }).execute();
    return vrId;
  }

  async releaseVrId(session: Session, projectId: string, vrId: number): Promise<void> {
    const networkId = await this.networkOf(session, projectId);
    if (networkId === undefined || vrId === 0) return;
    await l3View(session.db).deleteFrom('ha_router_vrid_allocations').where('network_id', '=', networkId).where('vr_id', '=', vrId).execute();
  }

  /**
   * After an HA router of the project went (or stopped being HA): the HA
   * network goes too once the project has no HA router left, as neutron's
   * safe_delete_ha_network means it; a network still in use stays.
   */
  async cleanup(context: Context, projectId: string): Promise<void> {
    const networkId = await this.#core.transactions.read(context, async (session) => {
      const remaining = await l3View(session.db)
        .selectFrom('router_extra_attributes')
        .innerJoin('routers', 'routers.id', 'router_extra_attributes.router_id')
        .select('routers.id')
        .where('routers.project_id', '=', projectId)
        .where('router_extra_attributes.ha', '=', 1)
        .executeTakeFirst();
      return remaining ? undefined : this.networkOf(session, projectId);
    });
    if (networkId === undefined) return;
    try {
      await this.#core.deleteNetwork(getAdminContext(), networkId);
    } catch (error) {
      // NetworkInUse (ports left) or NetworkNotFound (deleted meanwhile): the network stays or is gone, as neutron's safe delete leaves it.
      if (!(error instanceof NetworkInUse) && !(error instanceof NetworkNotFound)) throw error;
    }
  }
}
