import { constants } from '@net-server/lib';
import type { Agent } from '../agents/agent.js';
import { AgentMechanismDriver, mappingOf } from './agent-mechanism-driver.js';
import type { MechanismDriverInit } from './mechanism-driver.js';

/**
 * Binds ports on hosts with a live Open vSwitch agent whose bridge_mappings
 * or tunnel_types reach one of the network's segments (vif type `ovs`).
 */
export class OpenvswitchDriver extends AgentMechanismDriver {
  constructor(init: MechanismDriverInit) {
    super(init, {
      agentType: constants.AGENT_TYPE_OVS,
      vifType: constants.VIF_TYPE_OVS,
      supportedVnicTypes: [constants.VNIC_NORMAL, constants.VNIC_DIRECT, constants.VNIC_SMARTNIC, constants.VNIC_VHOST_VDPA],
      mappings: (agent) => mappingOf(agent, 'bridge_mappings'),
      vifDetails: (_context, agent: Agent) => {
        const config = agent.configurations;
        const details: Record<string, unknown> = {
          [constants.CAP_PORT_FILTER]: true,
          [constants.VIF_DETAILS_CONNECTIVITY]: 'l2',
          [constants.OVS_HYBRID_PLUG]: config[constants.OVS_HYBRID_PLUG] ?? false,
          [constants.OVS_DATAPATH_TYPE]: config['datapath_type'] ?? 'system',
        };
        if (typeof config['integration_bridge'] === 'string') details['bridge_name'] = config['integration_bridge'];
        return details;
      },
    });
  }
}
