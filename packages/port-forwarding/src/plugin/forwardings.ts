import {
  getAdminContext,
  type Context,
  type CorePlugin,
  type ListOptions,
  type ResourceDict,
  type ResourceRequest,
  type VersionedObjectPrimitive,
} from '@net-server/lib';
import { FloatingIPPortAlreadyAssociated } from '@net-server/l3';
import { bumpRevision, given, givenString, ResourceStore, selectFields, unwrapBody, type CoreCapabilities, type RequestBody, type Session } from 'net-server';
import { forwardingView, type PortForwardingRow } from '../db/schema.js';
import { badForwarding, PortForwardingNotFound, PortForwardingNotSupportFilterField } from '../errors.js';
import type { PushEvent, ResourcesPushRpcApi } from '@net-server/rpc';
import { loadPrimitives } from '../rpc/port-forwarding-producer.js';
import { checkDuplicate, checkPortCollisions, checkPortHasNoFloatingIp, checkRouterMatch, checkUpdatedForwarding } from './forwarding-checks.js';
import { internalTarget } from './internal-target.js';
import { internalRange, portForwardings, type PortForwardingColumns } from './port-forwardings.js';
import { requestedRange, type PortRange } from './port-ranges.js';
import type { RouterPluginAccess } from './router-plugin-access.js';

export type ForwardingCore = CorePlugin & Pick<CoreCapabilities, 'transactions'>;

/** neutron's FIELDS_NOT_SUPPORT_FILTER of PortForwarding. */
const NOT_FILTERABLE = ['internal_ip_address', 'internal_port'];

const single = (range: PortRange): number | null => (range.start === range.end ? range.start : null);

function requestedRanges(request: RequestBody): { internal: PortRange | undefined; external: PortRange | undefined } {
  return {
    internal: requestedRange(given(request, 'internal_port'), given(request, 'internal_port_range')),
    external: requestedRange(given(request, 'external_port'), given(request, 'external_port_range')),
  };
}

/**
 * Floating IP port forwardings (neutron's PortForwardingPlugin): each
 * operation in one of the core plugin's transactions, the floating IP
 * found as the caller sees it first, agents told by a push after the
 * commit.
 */
export class Forwardings {
  readonly store: ResourceStore<PortForwardingRow>;

  constructor(
    private readonly core: ForwardingCore,
    private readonly routers: RouterPluginAccess,
    private readonly pushApi: ResourcesPushRpcApi | undefined,
  ) {
    this.store = new ResourceStore(core.transactions, portForwardings);
  }

  async create(context: Context, floatingipId: string, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, portForwardings.member);
    const { internal, external } = requestedRanges(request);
    if (!internal || !external) throw badForwarding('A port forwarding needs internal_port or internal_port_range, and external_port or external_port_range');
    const protocol = String(request['protocol']);
    const portId = String(request['internal_port_id']);
    const requestedIp = givenString(request, 'internal_ip_address');
    const dict = await this.core.transactions.write(context, async (session) => {
      const db = forwardingView(session);
      await checkPortCollisions(db, { floatingipId, protocol, internalPortId: portId, internalIp: requestedIp, internal, external });
      await checkPortHasNoFloatingIp(db, portId, requestedIp);
      const fip = await this.#floatingIp(session, floatingipId);
      if (fip['port_id']) {
        throw new FloatingIPPortAlreadyAssociated({
          port_id: portId,
          fip_id: floatingipId,
          floating_ip_address: fip['floating_ip_address'],
          fixed_ip: requestedIp ?? null,
          net_id: fip['floating_network_id'],
        });
      }
      const target = await internalTarget(session, this.core, this.routers, fip, portId, requestedIp);
      await checkRouterMatch(db, fip, target.routerId, portId, target.ipAddress, single(internal));
      if (fip['router_id'] === null)
        await db.updateTable('floatingips').set({ router_id: target.routerId, fixed_port_id: null }).where('id', '=', floatingipId).execute();
      const columns: PortForwardingColumns = {
        floatingip_id: floatingipId,
        internal_neutron_port_id: portId,
        protocol,
        internal_ip_address: target.ipAddress,
        internal_port_start: internal.start,
        internal_port_end: internal.end,
        external_port_start: external.start,
        external_port_end: external.end,
        description: givenString(request, 'description') ?? '',
      };
      await checkDuplicate(db, columns, '');
      const created = await this.store.createIn(session, columns);
      await bumpRevision(session.db, 'floatingips', floatingipId);
      return created;
    });
    await this.#pushByIds(context, [String(dict['id'])], 'created');
    return dict;
  }

  async update(context: Context, id: string, floatingipId: string, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, portForwardings.member);
    const newPortId = givenString(request, 'internal_port_id');
    const requestedIp = givenString(request, 'internal_ip_address');
    const { internal, external } = requestedRanges(request);
    const dict = await this.core.transactions.write(context, async (session) => {
      const db = forwardingView(session);
      if (newPortId !== undefined) await checkPortHasNoFloatingIp(db, newPortId, requestedIp);
      const fip = await this.#floatingIp(session, floatingipId);
      const row = await this.#row(session, id, floatingipId);
      const portId = newPortId ?? row.internal_neutron_port_id;
      let ip = requestedIp ?? row.internal_ip_address;
      if (portId !== row.internal_neutron_port_id) {
        const target = await internalTarget(session, this.core, this.routers, fip, portId, requestedIp);
        ip = target.ipAddress;
        await checkRouterMatch(db, fip, target.routerId, portId, ip, single(internal ?? internalRange(row)));
      }
      const merged: PortForwardingRow = {
        ...row,
        internal_neutron_port_id: portId,
        internal_ip_address: ip,
        protocol: givenString(request, 'protocol') ?? row.protocol,
        description: givenString(request, 'description') ?? row.description,
        ...(internal ? { internal_port_start: internal.start, internal_port_end: internal.end } : {}),
        ...(external ? { external_port_start: external.start, external_port_end: external.end } : {}),
      };
      const port = await this.core.getPort(session.context, portId);
      await checkUpdatedForwarding(db, merged, port.fixed_ips, String(fip['floating_ip_address']));
      if (internal || external) {
        await checkPortCollisions(db, { id, floatingipId, protocol: merged.protocol, internalPortId: portId, internalIp: ip, internal, external });
      }
      await checkDuplicate(db, merged, id);
      const { id: _id, ...columns } = merged;
      const updated = await this.store.updateIn(session, id, columns);
      await bumpRevision(session.db, 'floatingips', floatingipId);
      return updated;
    });
    await this.#pushByIds(context, [id], 'updated');
    return dict;
  }

  async delete(context: Context, id: string, floatingipId: string): Promise<void> {
    await this.core.transactions.write(context, async (session) => {
      const row = await this.#row(session, id, floatingipId);
      await this.#floatingIp(session, floatingipId);
      await this.removeIn(session, [row]);
    });
  }

  get(context: Context, id: string, floatingipId: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.core.transactions.read(context, async (session) => {
      await this.#floatingIp(session, floatingipId);
      const { dict } = await this.#found(session, id, floatingipId);
      return fields && fields.length > 0 ? selectFields(dict, fields) : dict;
    });
  }

  list(context: Context, floatingipId: string, options: ListOptions = {}): Promise<ResourceDict[]> {
    const unsupported = Object.keys(options.filters ?? {}).find((name) => NOT_FILTERABLE.includes(name));
    if (unsupported !== undefined) throw new PortForwardingNotSupportFilterField({ filter: unsupported });
    return this.core.transactions.read(context, async (session) => {
      await this.#floatingIp(session, floatingipId);
      return this.store.listIn(session, { ...options, filters: { ...options.filters, floatingip_id: [floatingipId] } });
    });
  }

  /**
   * Deletes forwardings in the session's transaction, as neutron's delete
   * and its port callbacks do: a floating IP left with none is no longer
   * on a router. Agents hear of it after the commit.
   */
  async removeIn(session: Session, rows: readonly PortForwardingRow[]): Promise<void> {
    if (rows.length === 0) return;
    const db = forwardingView(session);
    const removed = await loadPrimitives(
      session,
      rows.map((row) => row.id),
    );
    for (const row of rows) {
      const left = await db
        .selectFrom('portforwardings')
        .select('id')
        .where('floatingip_id', '=', row.floatingip_id)
        .where('id', '!=', row.id)
        .executeTakeFirst();
      if (!left) await db.updateTable('floatingips').set({ router_id: null }).where('id', '=', row.floatingip_id).execute();
      await this.store.deleteIn(session.withContext(session.context.elevated()), row.id);
      await bumpRevision(session.db, 'floatingips', row.floatingip_id);
    }
    session.afterCommit(() => this.#push(session.context, removed, 'deleted'));
  }

  /** The floating IP as the caller sees it (FloatingIPNotFound otherwise), as neutron's _get_fip_obj. */
  #floatingIp(session: Session, id: string): Promise<ResourceDict> {
    return this.routers.floatingIps.get(session.context, id);
  }

  async #found(session: Session, id: string, floatingipId: string): Promise<{ row: PortForwardingRow; dict: ResourceDict }> {
    const found = await this.store.find(session, id);
    if (found.row.floatingip_id !== floatingipId) throw new PortForwardingNotFound({ id });
    return found;
  }

  async #row(session: Session, id: string, floatingipId: string): Promise<PortForwardingRow> {
    return (await this.#found(session, id, floatingipId)).row;
  }

  async #pushByIds(context: Context, ids: readonly string[], event: PushEvent): Promise<void> {
    if (!this.pushApi) return;
    const primitives = await this.core.transactions.read(getAdminContext(), (session) => loadPrimitives(session, ids));
    await this.#push(context, primitives, event);
  }

  async #push(context: Context, primitives: readonly VersionedObjectPrimitive[], event: PushEvent): Promise<void> {
    await this.pushApi?.push(context, primitives, event);
  }
}
