import type { Kysely } from 'kysely';
import type { CoreTables, Session } from 'net-server';

/** An NDP proxy row (neutron's NDPProxy model, standard attributes as columns). */
export type NdpProxyRow = {
  id: string;
  project_id: string | null;
  name: string | null;
  router_id: string;
  port_id: string;
  ip_address: string;
  description: string;
  revision_number: number | string;
  created_at: string;
  updated_at: string;
};

/** A router's enable_ndp_proxy (neutron's RouterNDPProxyState); booleans read back as 0/1 on SQLite and MariaDB. */
export type RouterNdpProxyStateRow = {
  router_id: string;
  enable_ndp_proxy: boolean | number;
};

export type NdpProxyTables = {
  ndp_proxies: NdpProxyRow;
  router_ndp_proxy_state: RouterNdpProxyStateRow;
};

export type NdpProxyDb = Kysely<CoreTables & NdpProxyTables>;

export function ndpView(session: Session): NdpProxyDb {
  return session.db.withTables<NdpProxyTables>() as unknown as NdpProxyDb;
}
