import { getAdminContext, PortNotFound, type CorePlugin, type ResourceDict } from '@net-server/lib';
import type { Session } from 'net-server';
import { localIpView, type LocalIpAssociationRow, type LocalIpRow } from '../db/schema.js';
import { badRequest, LocalIPAssociationNotFound, LocalIPNotFound } from '../errors.js';
import { chooseFixedIp } from './local-ip-address.js';

/** An association with the local IP it belongs to, as the plugin reads them together. */
export interface AssociationWithLocalIp {
  readonly row: LocalIpAssociationRow;
  readonly localIp: LocalIpRow;
}

/**
 * Local IP port associations (neutron's LocalIPAssociation): keyed by
 * their local IP and fixed port, with no project of their own; an API dict
 * shows the local IP's address and the fixed port's binding host. They go
 * with their fixed port (the table's cascade).
 */
export class PortAssociations {
  constructor(private readonly core: CorePlugin) {}

  /** neutron's _create_local_ip_port_association; an association that exists already is answered as it is. */
  async create(session: Session, localIpId: string, fixedPortId: string, requested: string | undefined): Promise<AssociationWithLocalIp> {
    const localIp = await this.#localIp(session, localIpId);
    const port = await this.core.getPort(session.context, fixedPortId).catch((error: unknown) => {
      throw error instanceof PortNotFound ? badRequest('local_ip_port_association', `Port ${fixedPortId} not found`) : error;
    });
    const fixedIp = chooseFixedIp(fixedPortId, port.fixed_ips, requested);
    const existing = await this.#row(session, localIpId, fixedPortId);
    if (existing) return { row: existing, localIp };
    const row: LocalIpAssociationRow = { local_ip_id: localIpId, fixed_port_id: fixedPortId, fixed_ip: fixedIp };
    await localIpView(session).insertInto('local_ip_associations').values(row).execute();
    return { row, localIp };
  }

  async find(session: Session, localIpId: string, fixedPortId: string): Promise<AssociationWithLocalIp> {
    const row = await this.#row(session, localIpId, fixedPortId);
    if (!row) throw new LocalIPAssociationNotFound({ local_ip_id: localIpId, port_id: fixedPortId });
    return { row, localIp: await this.#localIp(session, localIpId) };
  }

  async list(session: Session, localIpId: string): Promise<AssociationWithLocalIp[]> {
    const rows = await localIpView(session).selectFrom('local_ip_associations').selectAll().where('local_ip_id', '=', localIpId).execute();
    if (rows.length === 0) return [];
    const localIp = await this.#localIp(session, localIpId);
    return rows.map((row) => ({ row, localIp }));
  }

  async remove(session: Session, localIpId: string, fixedPortId: string): Promise<AssociationWithLocalIp> {
    const found = await this.find(session, localIpId, fixedPortId);
    await localIpView(session).deleteFrom('local_ip_associations').where('local_ip_id', '=', localIpId).where('fixed_port_id', '=', fixedPortId).execute();
    return found;
  }

  /** neutron's _make_local_ip_assoc_dict: `id` (which the API does not show) and the binding host of the fixed port, '' when unbound. */
  async dicts(associations: readonly AssociationWithLocalIp[]): Promise<ResourceDict[]> {
    if (associations.length === 0) return [];
    const ports = await this.core.getPorts(getAdminContext(), { filters: { id: associations.map(({ row }) => row.fixed_port_id) } });
    const hosts = new Map(ports.map((port) => [port.id, typeof port['binding:host_id'] === 'string' ? port['binding:host_id'] : '']));
    return associations.map(({ row, localIp }) => ({
      id: `${row.local_ip_id}_${row.fixed_port_id}`,
      local_ip_id: row.local_ip_id,
      fixed_port_id: row.fixed_port_id,
      fixed_ip: row.fixed_ip,
      local_ip_address: localIp.local_ip_address,
      host: hosts.get(row.fixed_port_id) ?? '',
    }));
  }

  async #row(session: Session, localIpId: string, fixedPortId: string): Promise<LocalIpAssociationRow | undefined> {
    return localIpView(session)
      .selectFrom('local_ip_associations')
      .selectAll()
      .where('local_ip_id', '=', localIpId)
      .where('fixed_port_id', '=', fixedPortId)
      .executeTakeFirst();
  }

  /** The local IP, whoever owns it: associations are checked by the policy (the local IP's owner), not by the local IP's visibility. */
  async #localIp(session: Session, id: string): Promise<LocalIpRow> {
    const row = await localIpView(session).selectFrom('local_ips').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new LocalIPNotFound({ id });
    return row;
  }
}
