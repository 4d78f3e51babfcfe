import { constants, type ResourceDict } from '@net-server/lib';
import { upsertRow } from 'net-server';
import type { Ml2Db } from './schema.js';

/** ml2_tunnel_endpoints: the tunnel IP each agent host reported per tunnel type (neutron's *_endpoints tables). */
export const tunnelEndpoints = {
  /**
   * Records `ip` for `host` as neutron's tunnel_sync does: an IP moves to
   * the host now claiming it, a host's previous IP is dropped (returned as
   * `stale` so agents can be told to delete that tunnel). Answers every
   * endpoint of the type.
   */
  async sync(db: Ml2Db, tunnelType: string, ip: string, host: string | undefined): Promise<{ tunnels: ResourceDict[]; stale: string | undefined }> {
    let stale: string | undefined;
    if (host) {
      const previous = await db
        .selectFrom('ml2_tunnel_endpoints')
        .select('ip_address')
        .where('tunnel_type', '=', tunnelType)
        .where('host', '=', host)
        .executeTakeFirst();
      if (previous && previous.ip_address !== ip) {
        stale = previous.ip_address;
        await db.deleteFrom('ml2_tunnel_endpoints').where('tunnel_type', '=', tunnelType).where('ip_address', '=', previous.ip_address).execute();
      }
    }
    const udpPort = tunnelType === constants.TYPE_VXLAN ? constants.VXLAN_UDP_PORT : null;
    await upsertRow(
      db,
      'ml2_tunnel_endpoints',
      { tunnel_type: tunnelType, ip_address: ip, host: host ?? null, udp_port: udpPort },
      (c) => c.columns(['tunnel_type', 'ip_address']),
      { host: host ?? null },
    );
    const rows = await db.selectFrom('ml2_tunnel_endpoints').selectAll().where('tunnel_type', '=', tunnelType).orderBy('ip_address').execute();
    const tunnels = rows.map((row) => ({
      ip_address: row.ip_address,
      host: row.host,
      ...(tunnelType === constants.TYPE_VXLAN ? { udp_port: row.udp_port === null ? null : Number(row.udp_port) } : {}),
    }));
    return { tunnels, stale };
  },
};
