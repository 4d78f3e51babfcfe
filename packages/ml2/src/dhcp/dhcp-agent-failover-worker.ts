import { getAdminContext, type Logger } from '@net-server/lib';
import { PeriodicWorker } from 'net-server';
import type { DhcpAgentService } from './dhcp-agent-service.js';

/**
 * `allow_automatic_dhcp_failover`: every `agent_down_time / 2` seconds
 * (neutron's periodic DHCP agent status check), networks of DHCP agents
 * that stopped reporting move to live agents.
 */
export class DhcpAgentFailoverWorker extends PeriodicWorker {
  readonly name = 'DhcpAgentFailoverWorker';

  constructor(
    private readonly dhcp: DhcpAgentService,
    agentDownTime: number,
    logger: Logger,
  ) {
    super(Math.max(1, Math.floor(agentDownTime / 2)) * 1000, logger);
  }

  runOnce(): Promise<void> {
    return this.dhcp.rescheduleFromDownAgents(getAdminContext());
  }
}
