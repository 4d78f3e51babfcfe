import { BadRequest, type Context, type ResourceDict } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { l3View, type RouterExtraAttributesTable } from '../db/schema.js';
import type { HaNetworks } from './ha-networks.js';

export interface RouterModeDefaults {
  /** router_distributed */
  distributed: boolean;
  /** l3_ha */
  ha: boolean;
}

/** What a mode change does beyond the router's row: its agents and HA ports (the scheduler's part, absent without agents). */
export interface HaRouterBindings {
  /**
   * Drops the router's agent bindings and HA ports (neutron's _unbind_ha_router and _delete_ha_interfaces) in the change's
   * transaction; with `notify`, the agents that had it are told after the commit (router_removed_from_agent). The router's
   * routers_updated after the change schedules it again, as neutron's schedule_router does.
   */
  unbind(session: Session, routerId: string, notify: boolean): Promise<void>;
}

type Extra = Pick<RouterExtraAttributesTable, 'distributed' | 'ha' | 'ha_vr_id'>;

const DISTRIBUTED_ACTIVE = "Cannot change the 'distributed' attribute of active routers. Please set router admin_state_up to False prior to upgrade";
const HA_ACTIVE = 'Cannot change HA attribute of active routers. Please set router admin_state_up to False prior to upgrade';

/**
 * The `distributed` (dvr) and `ha` (l3-ha) attributes of routers, as
 * neutron's l3_attrs_db, l3_dvr_db and l3_hamode_db keep them, through the
 * router hooks: a router not told takes the configured default; an HA
 * router gets its project's HA network (made on first use) and a VRID on
 * it; changing either attribute needs a router that is down, before the
 * request too for `distributed` (router-admin-state-down-before-update).
 * Any combination is allowed, as in Zed (DVR to centralized included).
 */
export class RouterModes {
  readonly #defaults: RouterModeDefaults;
  readonly #haNetworks: HaNetworks;
  readonly #bindings: HaRouterBindings | undefined;

  constructor(defaults: RouterModeDefaults, haNetworks: HaNetworks, bindings?: HaRouterBindings) {
    this.#defaults = defaults;
    this.#haNetworks = haNetworks;
    this.#bindings = bindings;
  }

  readonly hooks: ResourceHooks = {
    extendDicts: (session, dicts) => this.#extend(session, dicts),
    precommitCreate: (session, request, router) => this.#create(session, request, router),
    precommitUpdate: (session, request, original, updated) => this.#update(session, request, original, updated),
    postcommitUpdate: (context, original, updated) => this.#afterUpdate(context, original, updated),
    precommitDelete: (session, router) => this.#delete(session, router),
    postcommitDelete: (context, router) => (router['ha'] === true ? this.#haNetworks.cleanup(context, String(router['project_id'])) : undefined),
  };

  /** The attributes of routers (neutron's ExtraAttributesMixin): a router without a row has the defaults. */
  async #extend(session: Session, dicts: ResourceDict[]): Promise<void> {
    const rows = await this.#rows(
      session,
      dicts.map((dict) => String(dict['id'])),
    );
    for (const dict of dicts) {
      const row = rows.get(String(dict['id']));
      dict['distributed'] = row ? Boolean(row.distributed) : this.#defaults.distributed;
      dict['ha'] = row ? Boolean(row.ha) : this.#defaults.ha;
    }
  }

  /** The VRID of HA routers, which L3 agents need (not part of the API's router). */
  async vrIds(session: Session, routerIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.#rows(session, routerIds);
    return new Map([...rows].map(([id, row]) => [id, Number(row.ha_vr_id)]));
  }

  async #rows(session: Session, ids: readonly string[]): Promise<Map<string, Extra & { router_id: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await l3View(session.db)
      .selectFrom('router_extra_attributes')
      .selectAll()
      .where('router_id', 'in', [...ids])
      .execute();
    return new Map(rows.map((row) => [row.router_id, row]));
  }

  async #create(session: Session, request: Readonly<Record<string, unknown>>, router: ResourceDict): Promise<void> {
    const distributed = typeof request['distributed'] === 'boolean' ? request['distributed'] : this.#defaults.distributed;
    const ha = typeof request['ha'] === 'boolean' ? request['ha'] : this.#defaults.ha;
    const id = String(router['id']);
    const haVrId = ha ? await this.#allocate(session, id, String(router['project_id'])) : 0;
    await l3View(session.db)
      .insertInto('router_extra_attributes')
      .values({ router_id: id, distributed: distributed ? 1 : 0, ha: ha ? 1 : 0, ha_vr_id: haVrId })
      .execute();
  }

  async #allocate(session: Session, routerId: string, projectId: string): Promise<number> {
    const networkId = await this.#haNetworks.ensure(session, projectId);
    return this.#haNetworks.allocateVrId(session, routerId, networkId);
  }

  /** neutron's _validate_router_migration (with the shim) and _validate_migration, then the new attributes. */
  async #update(session: Session, request: Readonly<Record<string, unknown>>, original: ResourceDict, updated: ResourceDict): Promise<void> {
    const distributed = changed(request['distributed'], original['distributed']);
    const ha = changed(request['ha'], original['ha']);
    if (distributed === undefined && ha === undefined) return;
    if (distributed !== undefined && (original['admin_state_up'] === true || updated['admin_state_up'] === true)) {
      throw new BadRequest({ resource: 'router', msg: DISTRIBUTED_ACTIVE });
    }
    if (ha !== undefined && updated['admin_state_up'] === true) throw new BadRequest({ resource: 'router', msg: HA_ACTIVE });
    const id = String(updated['id']);
    const projectId = String(updated['project_id']);
    const current = (await this.#rows(session, [id])).get(id);
    const next: Extra = {
      distributed: (distributed ?? original['distributed'] === true) ? 1 : 0,
      ha: (ha ?? original['ha'] === true) ? 1 : 0,
      ha_vr_id: current ? Number(current.ha_vr_id) : 0,
    };
    if (ha === true) next.ha_vr_id = await this.#allocate(session, id, projectId);
    if (ha === false) {
      await this.#haNetworks.releaseVrId(session, projectId, next.ha_vr_id);
      next.ha_vr_id = 0;
    }
    // A router changing mode is built anew: off its agents now, scheduled again after the commit.
    await this.#bindings?.unbind(session, id, true);
    const db = l3View(session.db);
    if (current) await db.updateTable('router_extra_attributes').set(next).where('router_id', '=', id).execute();
    else
      await db
        .insertInto('router_extra_attributes')
        .values({ router_id: id, ...next })
        .execute();
  }

  async #afterUpdate(context: Context, original: ResourceDict, updated: ResourceDict): Promise<void> {
    if (original['ha'] === true && updated['ha'] !== true) await this.#haNetworks.cleanup(context, String(updated['project_id']));
  }

  /** neutron's _release_router_vr_id (the HA ports go with the router's bindings). */
  async #delete(session: Session, router: ResourceDict): Promise<void> {
    if (router['ha'] !== true) return;
    const id = String(router['id']);
    await this.#bindings?.unbind(session, id, false);
    const vrId = (await this.vrIds(session, [id])).get(id) ?? 0;
    await this.#haNetworks.releaseVrId(session, String(router['project_id']), vrId);
  }
}

/** The requested value when it differs from the current one; undefined when the request keeps it (absent or null: unchanged). */
function changed(requested: unknown, current: unknown): boolean | undefined {
  return typeof requested === 'boolean' && requested !== (current === true) ? requested : undefined;
}
