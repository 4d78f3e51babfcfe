import { randomUUID } from 'node:crypto';
import {
  timestampNow,
  BadRequest,
  canonicalIpAddress,
  constants,
  getAdminContext,
  isAttrSpecified,
  parseIpAddress,
  ServicePortInUse,
  type Context,
  type FixedIp,
  type ListOptions,
  type ResourceDict,
  type ResourceRequest,
} from '@net-server/lib';
import { bumpRevision, novaNotifierOf, ResourceHookChain, resourceTags, type NovaNotifier, type Session } from 'net-server';
import { ExternalGatewayForFloatingIPNotFound, FloatingIPNotFound, FloatingIPPortAlreadyAssociated } from '../errors.js';
import { l3View, type FloatingIpsTable } from '../db/schema.js';
import type { L3CorePlugin } from './core-access.js';
import type { ExternalNetworks } from './external-networks.js';
import { matchesFilters } from './filters.js';
import type { RouterEvents } from './routers.js';

function badRequest(msg: string): Error {
  return new BadRequest({ resource: 'floatingip', msg });
}

interface Association {
  fixed_port_id: string | null;
  fixed_ip_address: string | null;
  router_id: string | null;
}

const NO_ASSOCIATION: Association = { fixed_port_id: null, fixed_ip_address: null, router_id: null };

/**
 * Floating IPs (neutron's l3_db floating IP half): an address taken by a
 * port on an external network, mapped to a fixed IP of an internal port
 * that a router with a gateway on that network reaches.
 */
export class FloatingIps {
  /**
   * What other service plugins add to floating IPs (neutron's FLOATING_IP
   * callbacks and dict extenders): `extendDicts` on every dict returned,
   * `precommitCreate` and `precommitUpdate` in a create's and an update's
   * transaction (the request as the caller wrote it), `precommitDelete` in
   * a delete's before the row goes.
   */
  readonly hooks = new ResourceHookChain();
  readonly #core: L3CorePlugin;
  readonly #external: ExternalNetworks;
  readonly #events: RouterEvents;
  /** The core plugin's Nova notifier: the servers whose ports floating IPs map to hear network-changed. */
  readonly #nova: Pick<NovaNotifier, 'floatingIpChanged'> | undefined;

  constructor(core: L3CorePlugin, external: ExternalNetworks, events: RouterEvents) {
    this.#core = core;
    this.#external = external;
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
        for (const { id } of unused) await this.deleteFloatingip(session.context, id);
      },
    });
  }

  async createFloatingip(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const id = randomUUID();
    const { dict, routerId } = await this.#core.transactions.write(context, async (session) => {
      const admin = getAdminContext();
      const networkId = String(body['floating_network_id']);
      // As neutron's _create_floatingip, the network as the caller sees it (external ones through their access_as_external entries): NetworkNotFound (404) when none.
      await this.#core.getNetwork(context, networkId);
      if (!(await this.#external.isExternal(session, networkId))) throw badRequest(`Network ${networkId} is not a valid external network`);
      const v4 = await this.#core.getSubnets(admin, { filters: { network_id: [networkId], ip_version: [4] } });
      if (v4.length === 0) throw badRequest(`Network ${networkId} does not contain any IPv4 subnet`);
      const subnetId = given(body['subnet_id']);
      const address = given(body['floating_ip_address']);
      const projectId = String(body['tenant_id'] ?? body['project_id'] ?? context.projectId ?? '');
      // Without a subnet or an address, IPAM takes the first IPv4 subnet with room, as for any port.
      const requested = subnetId !== undefined || address !== undefined;
      const port = await this.#core.createPort(admin, {
        tenant_id: '',
        network_id: networkId,
        admin_state_up: true,
        device_id: id,
        device_owner: constants.DEVICE_OWNER_FLOATINGIP,
        name: '',
        ...(requested
          ? { fixed_ips: [{ ...(subnetId !== undefined ? { subnet_id: subnetId } : {}), ...(address !== undefined ? { ip_address: address } : {}) }] }
          : {}),
      });
      const floating = port.fixed_ips.find((ip) => parseIpAddress(ip.ip_address ?? '')?.version === 4);
      if (!floating?.ip_address) throw badRequest(`Network ${networkId} does not contain any IPv4 subnet`);
      const row: FloatingIpsTable = {
        id,
        project_id: projectId,
        floating_ip_address: floating.ip_address,
        floating_network_id: networkId,
        floating_port_id: port.id,
        ...NO_ASSOCIATION,
        status: constants.FLOATINGIP_STATUS_DOWN,
        description: typeof body['description'] === 'string' ? body['description'] : '',
        revision_number: 0,
        created_at: timestampNow(),
        updated_at: timestampNow(),
      };
      const association = await this.#association(session, row, body);
      await l3View(session.db)
        .insertInto('floatingips')
        .values({ ...row, ...association })
        .execute();
      const created = await this.#load(session, id);
      await this.hooks.precommitCreate(session, body, created);
      return { dict: created, routerId: association.router_id };
    });
    await this.#nova?.floatingIpChanged('create', undefined, dict, this.#portForNova);
    if (routerId) await this.#events.routersUpdated(context, [routerId], 'create_floatingip');
    return dict;
  }

  async updateFloatingip(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const { dict, routers, before } = await this.#core.transactions.write(context, async (session) => {
      const row = await this.#row(session, id);
      const changes: Partial<FloatingIpsTable> = {};
      if (typeof body['description'] === 'string') changes.description = body['description'];
      const original = await this.#load(session, id);
      let association: Association = row;
      // An empty body clears the association (the floating IP's first API, kept by neutron); one without port_id keeps it.
      const blank = Object.keys(body).length === 0;
      if (blank || ('port_id' in body && isAttrSpecified(body['port_id']))) {
        association = await this.#association(session, row, blank ? { port_id: null } : body);
        Object.assign(changes, association);
        // neutron reports a disassociated floating IP DOWN until an agent says otherwise.
        if (association.fixed_port_id === null) changes.status = constants.FLOATINGIP_STATUS_DOWN;
      }
      if (Object.keys(changes).length > 0) await l3View(session.db).updateTable('floatingips').set(changes).where('id', '=', id).execute();
      await bumpRevision(session.db, 'floatingips', id);
      const updated = await this.#load(session, id);
      await this.hooks.precommitUpdate(session, body, original, updated);
      return { dict: updated, routers: [row.router_id, association.router_id], before: { port_id: row.fixed_port_id } };
    });
    await this.#nova?.floatingIpChanged('update', before, dict, this.#portForNova);
    const touched = [...new Set(routers.filter((routerId): routerId is string => routerId !== null))];
    if (touched.length > 0) await this.#events.routersUpdated(context, touched, 'update_floatingip');
    return dict;
  }

  async deleteFloatingip(context: Context, id: string): Promise<void> {
    const { routerId, portId } = await this.#core.transactions.write(context, async (session) => {
      const row = await this.#row(session, id);
      await this.hooks.precommitDelete(session, await this.#load(session, id));
      await l3View(session.db).deleteFrom('floatingips').where('id', '=', id).execute();
      await resourceTags.remove(session.db, id);
      await this.#core.deletePort(getAdminContext(), row.floating_port_id);
      return { routerId: row.router_id, portId: row.fixed_port_id };
    });
    await this.#nova?.floatingIpChanged('delete', undefined, { port_id: portId }, this.#portForNova);
    if (routerId) await this.#events.routersUpdated(context, [routerId], 'delete_floatingip');
  }

  /** The port a floating IP maps to, as neutron's notifier reads it: as an admin, after the change committed. */
  readonly #portForNova = (portId: string) => this.#core.getPort(getAdminContext(), portId);

  async getFloatingip(context: Context, id: string): Promise<ResourceDict> {
    return this.#core.transactions.read(context, (session) => this.#load(session, id));
  }

  async getFloatingips(context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    return this.#core.transactions.read(context, async (session) => {
      let query = l3View(session.db).selectFrom('floatingips').selectAll();
      if (!context.seesAllProjects) query = query.where('project_id', '=', context.projectId ?? '');
      return (await this.#dicts(session, await query.execute())).filter((dict) => matchesFilters(dict, options.filters));
    });
  }

  async getFloatingipsCount(context: Context, filters?: ListOptions['filters']): Promise<number> {
    return (await this.getFloatingips(context, filters ? { filters } : {})).length;
  }

  /** Agents report floating IP statuses (neutron's update_floatingip_status); unknown ids are skipped. */
  async updateFloatingipStatus(context: Context, id: string, status: string): Promise<void> {
    await this.#core.transactions.write(context, async (session) => {
      // Agents report every status they see; only a change is a new revision.
      const changed = await l3View(session.db).updateTable('floatingips').set({ status }).where('id', '=', id).where('status', '!=', status).executeTakeFirst();
      if (Number(changed.numUpdatedRows) > 0) await bumpRevision(session.db, 'floatingips', id);
    });
  }

  async #row(session: Session, id: string): Promise<FloatingIpsTable> {
    let query = l3View(session.db).selectFrom('floatingips').selectAll().where('id', '=', id);
    if (!session.context.seesAllProjects) query = query.where('project_id', '=', session.context.projectId ?? '');
    const row = await query.executeTakeFirst();
    if (!row) throw new FloatingIPNotFound({ floatingip_id: id });
    return row;
  }

  async #load(session: Session, id: string): Promise<ResourceDict> {
    return (await this.#dicts(session, [await this.#row(session, id)]))[0]!;
  }

  async #dicts(session: Session, rows: readonly FloatingIpsTable[]): Promise<ResourceDict[]> {
    const tags = await resourceTags.load(
      session.db,
      rows.map((row) => row.id),
    );
    const details = await this.#portDetails(session, rows);
    const dicts = rows.map((row) => ({
      ...floatingDict(row, tags.get(row.id) ?? []),
      port_details: row.fixed_port_id === null ? null : (details.get(row.fixed_port_id) ?? null),
    }));
    await this.hooks.extend(session, dicts);
    return dicts;
  }

  /** fip-port-details (neutron's Fip_port_details_db_mixin): a summary of each associated port, read from the ports table whoever asks. */
  async #portDetails(session: Session, rows: readonly FloatingIpsTable[]): Promise<Map<string, ResourceDict>> {
    const portIds = [...new Set(rows.map((row) => row.fixed_port_id).filter((portId): portId is string => portId !== null))];
    if (portIds.length === 0) return new Map();
    const ports = await session.db
      .selectFrom('ports')
      .select(['id', 'name', 'network_id', 'mac_address', 'admin_state_up', 'status', 'device_id', 'device_owner'])
      .where('id', 'in', portIds)
      .execute();
    return new Map(
      ports.map((port) => [
        String(port.id),
        {
          name: String(port.name),
          network_id: String(port.network_id),
          mac_address: String(port.mac_address),
          admin_state_up: Boolean(port.admin_state_up),
          status: String(port.status),
          device_id: String(port.device_id),
          device_owner: String(port.device_owner),
        },
      ]),
    );
  }

  /** neutron's _update_fip_assoc / _get_assoc_data: which fixed IP, through which router. */
  async #association(session: Session, row: FloatingIpsTable, body: ResourceRequest): Promise<Association> {
    const portId = given(body['port_id']);
    const fixedAddress = given(body['fixed_ip_address']);
    if (portId === undefined) {
      if (fixedAddress !== undefined) throw badRequest('fixed_ip_address cannot be specified without a port_id');
      return NO_ASSOCIATION;
    }
    const context = session.context;
    const port = await this.#core.getPort(context, portId);
    if (!context.isAdmin && port.project_id !== row.project_id) {
      throw badRequest(`Cannot process floating IP association with port ${portId}, since that port is owned by a different project`);
    }
    if (port.device_owner.startsWith(constants.DEVICE_OWNER_NETWORK_PREFIX)) throw badRequest(`Port ${portId} is unable to be assigned a floating IP`);
    let fixed: FixedIp | undefined;
    if (fixedAddress !== undefined) {
      fixed = port.fixed_ips.find((ip) => ip.ip_address !== undefined && canonicalIpAddress(ip.ip_address) === canonicalIpAddress(fixedAddress));
      if (!fixed) throw badRequest(`Port ${portId} does not have fixed ip ${fixedAddress}`);
    } else {
      const v4 = port.fixed_ips.filter((ip) => parseIpAddress(ip.ip_address ?? '')?.version === 4);
      if (v4.length === 0) throw badRequest(`Cannot add floating IP to port ${portId} that has no global IPv4 address`);
      if (v4.length > 1) {
        throw badRequest(`Port ${portId} has multiple fixed IPv4 addresses.  Must provide a specific IPv4 address when assigning a floating IP`);
      }
      fixed = v4[0]!;
    }
    if (parseIpAddress(fixed.ip_address ?? '')?.version !== 4) {
      throw badRequest(`Cannot process floating IP association with ${fixed.ip_address}, since that is not an IPv4 address`);
    }
    const routerId = await this.routerFor(session, fixed.subnet_id, row.floating_network_id, portId);
    const taken = await l3View(session.db)
      .selectFrom('floatingips')
      .select(['id', 'floating_ip_address'])
      .where('floating_network_id', '=', row.floating_network_id)
      .where('fixed_port_id', '=', portId)
      .where('fixed_ip_address', '=', fixed.ip_address!)
      .where('id', '!=', row.id)
      .executeTakeFirst();
    if (taken) {
      throw new FloatingIPPortAlreadyAssociated({
        floating_ip_address: row.floating_ip_address,
        fip_id: row.id,
        port_id: portId,
        fixed_ip: fixed.ip_address,
        net_id: row.floating_network_id,
      });
    }
    return { fixed_port_id: portId, fixed_ip_address: fixed.ip_address!, router_id: routerId };
  }

  /**
   * A router with an interface on the internal subnet and its gateway on the
   * external network (neutron's get_router_for_floatingip), or
   * ExternalGatewayForFloatingIPNotFound.
   */
  async routerFor(session: Session, subnetId: string, externalNetworkId: string, portId: string): Promise<string> {
    const interfaces = await l3View(session.db)
      .selectFrom('routerports')
      .innerJoin('ipallocations', 'ipallocations.port_id', 'routerports.port_id')
      .innerJoin('routers', 'routers.id', 'routerports.router_id')
      .innerJoin('ports', 'ports.id', 'routers.gw_port_id')
      .select('routerports.router_id')
      .where('routerports.port_type', '=', constants.DEVICE_OWNER_ROUTER_INTF)
      .where('ipallocations.subnet_id', '=', subnetId)
      .where('ports.network_id', '=', externalNetworkId)
      .orderBy('routerports.router_id')
      .executeTakeFirst();
    if (!interfaces) throw new ExternalGatewayForFloatingIPNotFound({ external_network_id: externalNetworkId, subnet_id: subnetId, port_id: portId });
    return interfaces.router_id;
  }
}

function given(value: unknown): string | undefined {
  return isAttrSpecified(value) && typeof value === 'string' && value !== '' ? value : undefined;
}

function floatingDict(row: FloatingIpsTable, tags: readonly string[]): ResourceDict {
  return {
    id: row.id,
    tenant_id: row.project_id,
    project_id: row.project_id,
    floating_ip_address: row.floating_ip_address,
    floating_network_id: row.floating_network_id,
    router_id: row.router_id,
    port_id: row.fixed_port_id,
    fixed_ip_address: row.fixed_ip_address,
    status: row.status,
    description: row.description,
    tags: [...tags],
    created_at: row.created_at,
    updated_at: row.updated_at,
    revision_number: Number(row.revision_number),
  };
}
