import { BadRequest, canonicalIpAddress, constants, getAdminContext, isAttrSpecified, parseIpAddress, type FixedIp, type ResourceDict } from '@net-server/lib';
import {
  bumpRevision,
  givenString,
  newStandardColumns,
  owningProject,
  resourceTags,
  selectRows,
  standardAttributes,
  type RequestBody,
  type ResourceOps,
  type RowFilter,
  type RowPage,
  type Session,
} from 'net-server';
import { randomUUID } from 'node:crypto';
import { ExternalGatewayForFloatingIPNotFound, FloatingIPNotFound, FloatingIPPortAlreadyAssociated } from '../errors.js';
import { l3View, type FloatingIpsTable } from '../db/schema.js';
import type { L3CorePlugin } from './core-access.js';
import type { ExternalNetworks } from './external-networks.js';

function badRequest(msg: string): Error {
  return new BadRequest({ resource: 'floatingip', msg });
}

export interface Association {
  fixed_port_id: string | null;
  fixed_ip_address: string | null;
  router_id: string | null;
}

export const NO_ASSOCIATION: Association = { fixed_port_id: null, fixed_ip_address: null, router_id: null };

/**
 * The `floatingips` collection's rows (neutron's l3_db floating IP half):
 * an address taken by a port on an external network (the core plugin's,
 * made and deleted in the same transaction), mapped to a fixed IP of an
 * internal port that a router with a gateway on that network reaches.
 */
export class FloatingIpOps implements ResourceOps<FloatingIpsTable> {
  readonly member = 'floatingip';
  // Columns that are never null: a filter value of '' or None matches a null one in the dicts, never in SQL.
  readonly narrowBy = ['id', 'floating_network_id', 'project_id'];
  readonly #core: L3CorePlugin;
  readonly #external: ExternalNetworks;

  constructor(core: L3CorePlugin, external: ExternalNetworks) {
    this.#core = core;
    this.#external = external;
  }

  notFound(id: string): Error {
    return new FloatingIPNotFound({ floatingip_id: id });
  }

  loadRows(session: Session, filter?: RowFilter, page?: RowPage): Promise<FloatingIpsTable[]> {
    let query = l3View(session.db).selectFrom('floatingips').selectAll();
    if (!session.context.seesAllProjects) query = query.where('project_id', '=', session.context.projectId ?? '');
    return selectRows(query, filter, page);
  }

  async makeDicts(session: Session, rows: readonly FloatingIpsTable[]): Promise<ResourceDict[]> {
    const tags = await resourceTags.load(
      session.db,
      rows.map((row) => row.id),
    );
    const details = await portDetails(session, rows);
    return rows.map((row) => ({
      id: row.id,
      tenant_id: row.project_id,
      project_id: row.project_id,
      floating_ip_address: row.floating_ip_address,
      floating_network_id: row.floating_network_id,
      router_id: row.router_id,
      port_id: row.fixed_port_id,
      fixed_ip_address: row.fixed_ip_address,
      status: row.status,
      ...standardAttributes(row, tags.get(row.id) ?? []),
      port_details: row.fixed_port_id === null ? null : (details.get(row.fixed_port_id) ?? null),
    }));
  }

  async insert(session: Session, body: RequestBody): Promise<string> {
    const id = randomUUID();
    const admin = getAdminContext();
    const networkId = String(body['floating_network_id']);
    // As neutron's _create_floatingip, the network as the caller sees it (external ones through their access_as_external entries): NetworkNotFound (404) when none.
    await this.#core.getNetwork(session.context, networkId);
    if (!(await this.#external.isExternal(session, networkId))) throw badRequest(`Network ${networkId} is not a valid external network`);
    const v4 = await this.#core.getSubnets(admin, { filters: { network_id: [networkId], ip_version: [4] } });
    if (v4.length === 0) throw badRequest(`Network ${networkId} does not contain any IPv4 subnet`);
    const subnetId = givenId(body['subnet_id']);
    const address = givenId(body['floating_ip_address']);
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
      project_id: owningProject(body, session.context.projectId),
      floating_ip_address: floating.ip_address,
      floating_network_id: networkId,
      floating_port_id: port.id,
      ...NO_ASSOCIATION,
      status: constants.FLOATINGIP_STATUS_DOWN,
      ...newStandardColumns(givenString(body, 'description') ?? ''),
    };
    const association = await this.#association(session, row, body);
    await l3View(session.db)
      .insertInto('floatingips')
      .values({ ...row, ...association })
      .execute();
    return id;
  }

  /** Every update is a new revision, as neutron's floating IPs'. */
  async update(session: Session, row: FloatingIpsTable, body: RequestBody): Promise<void> {
    const changes: Partial<FloatingIpsTable> = {};
    const description = givenString(body, 'description');
    if (description !== undefined) changes.description = description;
    // An empty body clears the association (the floating IP's first API, kept by neutron); one without port_id keeps it.
    const blank = Object.keys(body).length === 0;
    if (blank || ('port_id' in body && isAttrSpecified(body['port_id']))) {
      const association = await this.#association(session, row, blank ? { port_id: null } : body);
      Object.assign(changes, association);
      // neutron reports a disassociated floating IP DOWN until an agent says otherwise.
      if (association.fixed_port_id === null) changes.status = constants.FLOATINGIP_STATUS_DOWN;
    }
    if (Object.keys(changes).length > 0) await l3View(session.db).updateTable('floatingips').set(changes).where('id', '=', row.id).execute();
    await bumpRevision(session.db, 'floatingips', row.id);
  }

  async remove(session: Session, row: FloatingIpsTable): Promise<void> {
    await l3View(session.db).deleteFrom('floatingips').where('id', '=', row.id).execute();
    await resourceTags.remove(session.db, row.id);
    await this.#core.deletePort(getAdminContext(), row.floating_port_id);
  }

  /** neutron's _update_fip_assoc / _get_assoc_data: which fixed IP, through which router. */
  async #association(session: Session, row: FloatingIpsTable, body: RequestBody): Promise<Association> {
    const portId = givenId(body['port_id']);
    const fixedAddress = givenId(body['fixed_ip_address']);
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
    const routerId = await routerFor(session, fixed.subnet_id, row.floating_network_id, portId);
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
}

/**
 * A router with an interface on the internal subnet and its gateway on the
 * external network (neutron's get_router_for_floatingip), or
 * ExternalGatewayForFloatingIPNotFound.
 */
export async function routerFor(session: Session, subnetId: string, externalNetworkId: string, portId: string): Promise<string> {
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

/** fip-port-details (neutron's Fip_port_details_db_mixin): a summary of each associated port, read from the ports table whoever asks. */
async function portDetails(session: Session, rows: readonly FloatingIpsTable[]): Promise<Map<string, ResourceDict>> {
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

/** An id or address the caller gave: a non-empty string, else undefined. */
function givenId(value: unknown): string | undefined {
  return isAttrSpecified(value) && typeof value === 'string' && value !== '' ? value : undefined;
}
