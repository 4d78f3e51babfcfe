import { constants, getAdminContext, ServicePortInUse, type Context, type ResourceDict, type ResourceRequest } from '@net-server/lib';
import { bumpRevision, byIds, novaNotifierOf, ResourceEngine, ResourceHookChain, type NovaNotifier } from 'net-server';
import { l3View, type FloatingIpsTable } from '../db/schema.js';
import type { L3CorePlugin } from './core-access.js';
import type { ExternalNetworks } from './external-networks.js';
import { FloatingIpOps, NO_ASSOCIATION, routerFor } from './floating-ip-ops.js';
import type { RouterEvents } from './routers.js';

/**
 * Floating IPs on the resource kit (FloatingIpOps), each change told to the
 * L3 agents of the routers it touches and, for the ports it maps, to Nova
 * after its commit. Other service plugins add to floating IPs through
 * `hooks` (neutron's FLOATING_IP callbacks and dict extenders).
 */
export class FloatingIps extends ResourceEngine<FloatingIpsTable> {
  /** neutron's get_router_for_floatingip, for plugins that place a floating IP's traffic (port forwarding). */
  readonly routerFor = routerFor;
  readonly #core: L3CorePlugin;
  readonly #ops: FloatingIpOps;
  readonly #events: RouterEvents;
  /** The core plugin's Nova notifier: the servers whose ports floating IPs map to hear network-changed. */
  readonly #nova: Pick<NovaNotifier, 'floatingIpChanged'> | undefined;

  constructor(core: L3CorePlugin, external: ExternalNetworks, events: RouterEvents) {
    const ops = new FloatingIpOps(core, external);
    super({ ops, hooks: new ResourceHookChain(), transactions: core.transactions });
    this.#core = core;
    this.#ops = ops;
    this.#events = events;
    this.#nova = novaNotifierOf(core);
    core.hooks.add('port', {
      // neutron's prevent_l3_port_deletion and disassociate_floatingips.
      precommitDelete: async (session, port) => {
        const db = l3View(session.db);
        const id = String(port['id']);
        const owner = String(port['device_owner'] ?? '');
        const routerPort = await db.selectFrom('routerports').select('port_id').where('port_id', '=', id).executeTakeFirst();
        const floatingPort = await db.selectFrom('floatingips').select('id').where('floating_port_id', '=', id).executeTakeFirst();
        if (routerPort || floatingPort) throw new ServicePortInUse({ port_id: id, reason: `has device owner ${owner}` });
        const associated = await db.selectFrom('floatingips').select(['id', 'router_id']).where('fixed_port_id', '=', id).execute();
        if (associated.length === 0) return;
        await db
          .updateTable('floatingips')
          .set({ ...NO_ASSOCIATION, status: constants.FLOATINGIP_STATUS_DOWN })
          .where('fixed_port_id', '=', id)
          .execute();
        for (const row of associated) await bumpRevision(session.db, 'floatingips', row.id);
        const routers = associated.map((row) => row.router_id).filter((routerId): routerId is string => routerId !== null);
        session.afterCommit(() => this.#events.routersUpdated(session.context, routers, 'disassociate_floatingips'));
      },
    });
    core.hooks.add('network', {
      // external_net_db's BEFORE_DELETE handler (delete_disassociated_floatingips): floating IPs that map to no port go with
      // their network instead of keeping it in use; deleted as the caller may, as neutron does.
      beforeDelete: async (session, network) => {
        const unused = await l3View(session.db)
          .selectFrom('floatingips')
          .select('id')
          .where('floating_network_id', '=', String(network['id']))
          .where('fixed_port_id', 'is', null)
          .where('router_id', 'is', null)
          .execute();
        for (const { id } of unused) await this.delete(session.context, id);
      },
    });
  }

  override async create(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const dict = await super.create(context, body);
    await this.#nova?.floatingIpChanged('create', undefined, dict, this.#portForNova);
    const routerId = dict['router_id'];
    if (typeof routerId === 'string') await this.#events.routersUpdated(context, [routerId], 'create_floatingip');
    return dict;
  }

  override async update(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const { before, dict } = await this.transactions.write(context, async (session) => {
      const [row] = await this.#ops.loadRows(session, byIds([id]));
      return { before: row, dict: await this.updateIn(session, id, body) };
    });
    await this.#nova?.floatingIpChanged('update', { port_id: before!.fixed_port_id }, dict, this.#portForNova);
    const touched = [...new Set([before!.router_id, dict['router_id']].filter((routerId): routerId is string => typeof routerId === 'string'))];
    if (touched.length > 0) await this.#events.routersUpdated(context, touched, 'update_floatingip');
    return dict;
  }

  override async delete(context: Context, id: string): Promise<void> {
    const row = await this.transactions.write(context, async (session) => {
      const [found] = await this.#ops.loadRows(session, byIds([id]));
      await this.deleteIn(session, id);
      return found!;
    });
    await this.#nova?.floatingIpChanged('delete', undefined, { port_id: row.fixed_port_id }, this.#portForNova);
    if (row.router_id) await this.#events.routersUpdated(context, [row.router_id], 'delete_floatingip');
  }

  /** The port a floating IP maps to, as neutron's notifier reads it: as an admin, after the change committed. */
  readonly #portForNova = (portId: string) => this.#core.getPort(getAdminContext(), portId);

  /** Agents report floating IP statuses (neutron's update_floatingip_status); unknown ids are skipped. */
  async updateFloatingipStatus(context: Context, id: string, status: string): Promise<void> {
    await this.transactions.write(context, async (session) => {
      // Agents report every status they see; only a change is a new revision.
      const changed = await l3View(session.db).updateTable('floatingips').set({ status }).where('id', '=', id).where('status', '!=', status).executeTakeFirst();
      if (Number(changed.numUpdatedRows) > 0) await bumpRevision(session.db, 'floatingips', id);
    });
  }
}
