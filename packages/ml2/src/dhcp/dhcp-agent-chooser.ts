import { randomInt } from 'node:crypto';
import { didYouMean, PluginConfigError } from '@net-server/lib';
import type { Agent } from '../agents/agent.js';

/** A DHCP agent that may take a network, with the number of networks it hosts. */
export interface CandidateDhcpAgent {
  agent: Agent;
  networks: number;
}

/** Picks the agents a network goes to (neutron's network_scheduler_driver), knowing the agents already `hosting` it. */
export interface DhcpAgentChooser {
  readonly name: string;
  choose(candidates: readonly CandidateDhcpAgent[], count: number, hosting: readonly Agent[]): Agent[];
}

/** neutron's WeightScheduler with dhcp_load_type = networks: the agents hosting the fewest networks. */
export class WeightChooser implements DhcpAgentChooser {
  readonly name = 'weight';
  choose(candidates: readonly CandidateDhcpAgent[], count: number): Agent[] {
    return [...candidates]
      .sort((a, b) => a.networks - b.networks)
      .slice(0, count)
      .map((candidate) => candidate.agent);
  }
}

/**
 * neutron's AZAwareWeightScheduler: each pick goes to the zone hosting the
 * network on the fewest agents (ties: the zone of the least loaded agent),
 * to its least loaded agent, so a network spreads over its zones.
 */
export class AzAwareWeightChooser implements DhcpAgentChooser {
  readonly name = 'az_aware_weight';
  choose(candidates: readonly CandidateDhcpAgent[], count: number, hosting: readonly Agent[]): Agent[] {
    // Zones in the order of their least loaded agent, each with its agents least loaded first.
    const byZone = new Map<string | null, Agent[]>();
    for (const { agent } of [...candidates].sort((a, b) => a.networks - b.networks))
      byZone.set(agent.availability_zone, [...(byZone.get(agent.availability_zone) ?? []), agent]);
    const used = new Map<string | null, number>([...byZone.keys()].map((zone) => [zone, 0]));
    for (const agent of hosting) if (used.has(agent.availability_zone)) used.set(agent.availability_zone, used.get(agent.availability_zone)! + 1);
    const chosen: Agent[] = [];
    while (chosen.length < count && used.size > 0) {
      let zone: string | null = null;
      let fewest = Infinity;
      for (const [candidate, n] of used) if (n < fewest) [zone, fewest] = [candidate, n];
      const agents = byZone.get(zone)!;
      chosen.push(agents.shift()!);
      if (agents.length === 0) used.delete(zone);
      else used.set(zone, fewest + 1);
    }
    return chosen;
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
      `${name} is not a known DHCP agent scheduler.${didYouMean(name, Object.keys(byName))} Use weight, az_aware_weight or chance ` +
        '(or neutron.scheduler.dhcp_agent_scheduler.WeightScheduler / AZAwareWeightScheduler / ChanceScheduler)',
    );
    this.name = 'UnknownNetworkSchedulerError';
  }
}

const byName: Record<string, () => DhcpAgentChooser> = {
  weight: () => new WeightChooser(),
  az_aware_weight: () => new AzAwareWeightChooser(),
  chance: () => new ChanceChooser(),
  'neutron.scheduler.dhcp_agent_scheduler.WeightScheduler': () => new WeightChooser(),
  'neutron.scheduler.dhcp_agent_scheduler.AZAwareWeightScheduler': () => new AzAwareWeightChooser(),
  'neutron.scheduler.dhcp_agent_scheduler.ChanceScheduler': () => new ChanceChooser(),
};

export function dhcpAgentChooser(name: string): DhcpAgentChooser {
  const make = byName[name];
  if (!make) throw new UnknownNetworkSchedulerError(name);
  return make();
}
