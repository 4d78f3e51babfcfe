import type { Ml2Db } from '../db/schema.js';

/** ml2_network_dhcp_agent_bindings: which DHCP agents serve which networks. */
export const dhcpAgentBindings = {
  ofNetwork(db: Ml2Db, networkId: string) {
    return db.selectFrom('ml2_network_dhcp_agent_bindings').selectAll().where('network_id', '=', networkId).execute();
  },

  async networkIdsOf(db: Ml2Db, agentId: string): Promise<string[]> {
    const rows = await db.selectFrom('ml2_network_dhcp_agent_bindings').select('network_id').where('dhcp_agent_id', '=', agentId).execute();
    return rows.map((row) => row.network_id);
  },

  /** Whether some DHCP agent is bound to the network. */
  async isHosted(db: Ml2Db, networkId: string): Promise<boolean> {
    return (
      (await db.selectFrom('ml2_network_dhcp_agent_bindings').select('dhcp_agent_id').where('network_id', '=', networkId).limit(1).executeTakeFirst()) !==
      undefined
    );
  },
};
