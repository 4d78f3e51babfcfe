import type { FixedIp } from '@net-server/lib';
import type { Agent } from '../agents/agent.js';

/** An ACTIVE port and the host it is bound to. */
export interface ActivePort {
  id: string;
  mac_address: string;
  fixed_ips: FixedIp[];
  device_owner: string;
  host: string;
}

/**
 * Read access to where ports and agents are, for drivers that program
 * agents (l2population): what neutron's drivers query from the database
 * directly. Reads committed state; call it from postcommit methods.
 */
export interface NetworkTopology {
  /** The ACTIVE ports of a network, with their binding host. */
  activePorts(networkId: string): Promise<ActivePort[]>;
  /** The agents on these hosts. */
  agentsOn(hosts: readonly string[]): Promise<Agent[]>;
}
