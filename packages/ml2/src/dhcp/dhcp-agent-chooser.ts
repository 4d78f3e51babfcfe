import { randomInt } from 'node:crypto';
import { didYouMean, PluginConfigError } from '@net-server/lib';
import type { Agent } from '../agents/agent.js';

/** A DHCP agent that may take a network, with the number of networks it hosts. */
export interface CandidateDhcpAgent {
  agent: Agent;
  networks: number;
}

/** Picks the agents a network goes to (neutron's network_scheduler_driver). */
export interface DhcpAgentChooser {
  readonly name: string;
  choose(candidates: readonly CandidateDhcpAgent[], count: number): Agent[];
}

/** neutron's WeightScheduler with dhcp_load_type = networks: the agents hosting the fewest networks. */
export class WeightChooser implements DhcpAgentChooser {
  readonly name = 'weight';
  choose(candidates: readonly CandidateDhcpAgent[], count: number): Agent[] {
    return [...candidates].sort((a, b) => a.networks - b.networks).slice(0, count).map((candidate) => candidate.agent);
  }
}

/** neutron's ChanceScheduler: any of them. */
export class ChanceChooser implements DhcpAgentChooser {
  readonly name = 'chance';
  choose(candidates: readonly CandidateDhcpAgent[], count: number): Agent[] {
    const pool = [...candidates];
    const chosen: Agent[] = [];
    while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(randomInt(pool.length), 1)[0]!.agent);
    return chosen;
  }
}

/** `network_scheduler_driver` names no DHCP scheduler this package has. */
export class UnknownNetworkSchedulerError extends PluginConfigError {
  override readonly code = 'ML2_UNKNOWN_NETWORK_SCHEDULER';
  constructor(name: string) {
    super(
      'DEFAULT',
      'network_scheduler_driver',
      `${name} is not a known DHCP agent scheduler.${didYouMean(name, Object.keys(byName))} Use weight or chance ` +
        '(or neutron.scheduler.dhcp_agent_scheduler.WeightScheduler / ChanceScheduler)',
    );
    this.name = 'UnknownNetworkSchedulerError';
  }
}

const byName: Record<string, () => DhcpAgentChooser> = {
  weight: () => new WeightChooser(),
  chance: () => new ChanceChooser(),
  'neutron.scheduler.dhcp_agent_scheduler.WeightScheduler': () => new WeightChooser(),
  'neutron.scheduler.dhcp_agent_scheduler.ChanceScheduler': () => new ChanceChooser(),
};

export function dhcpAgentChooser(name: string): DhcpAgentChooser {
  const make = byName[name];
  if (!make) throw new UnknownNetworkSchedulerError(name);
  return make();
}
