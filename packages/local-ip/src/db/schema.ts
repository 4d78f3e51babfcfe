import type { Kysely } from 'kysely';
import type { CoreTables, Session, StandardColumns } from 'net-server';

/** A local IP row (neutron's LocalIP model, with its standard attributes). */
export type LocalIpRow = StandardColumns & {
  id: string;
  project_id: string;
  name: string;
  local_port_id: string;
  network_id: string;
  local_ip_address: string;
  ip_mode: string;
};

/** A port association row (neutron's LocalIPAssociation): keyed by its local IP and port. */
export type LocalIpAssociationRow = {
  local_ip_id: string;
  fixed_port_id: string;
  fixed_ip: string;
};

export type LocalIpTables = {
  local_ips: LocalIpRow;
  local_ip_associations: LocalIpAssociationRow;
};

export function localIpView(session: Session): Kysely<CoreTables & LocalIpTables> {
  return session.db.withTables<LocalIpTables>() as unknown as Kysely<CoreTables & LocalIpTables>;
}
