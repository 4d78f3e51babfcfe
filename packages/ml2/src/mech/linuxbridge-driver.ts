import { constants } from '@net-server/lib';
import { AgentMechanismDriver, mappingOf } from './agent-mechanism-driver.js';
import type { MechanismDriverInit } from './mechanism-driver.js';

/**
 * Binds ports on hosts with a live Linux bridge agent whose
 * interface_mappings, bridge_mappings or tunnel_types reach one of the
 * network's segments (vif type `bridge`).
 */
export class LinuxbridgeDriver extends AgentMechanismDriver {
  constructor(init: MechanismDriverInit) {
    super(init, {
      agentType: constants.AGENT_TYPE_LINUXBRIDGE,
      vifType: constants.VIF_TYPE_BRIDGE,
      supportedVnicTypes: [constants.VNIC_NORMAL],
      mappings: (agent) => ({ ...mappingOf(agent, 'interface_mappings'), ...mappingOf(agent, 'bridge_mappings') }),
      vifDetails: () => ({ [constants.CAP_PORT_FILTER]: true, [constants.VIF_DETAILS_CONNECTIVITY]: 'l2' }),
    });
  }
}
