import { randomInt } from 'node:crypto';
import { didYouMean, PluginConfigError, type ResourceDict } from '@net-server/lib';

/** An L3 agent as the core plugin's `agent` extension shows it, with the routers bound to it. */
export interface CandidateAgent {
  agent: ResourceDict;
  routerCount: number;
}

/** Picks the agent a router goes to (neutron's L3Scheduler._choose_router_agent). */
export interface L3Scheduler {
  readonly name: string;
  /** Whether a router goes only to agents in its availability_zone_hints (else default_availability_zones). */
  readonly zoneAware?: boolean;
  choose(candidates: readonly CandidateAgent[]): CandidateAgent;
}

/** neutron's ChanceScheduler: any live agent. */
export class ChanceScheduler implements L3Scheduler {
  readonly name = 'chance';
  choose(candidates: readonly CandidateAgent[]): CandidateAgent {
    return candidates[randomInt(candidates.length)]!;
  }
}

/** neutron's LeastRoutersScheduler: the live agent hosting the fewest routers. */
export class LeastRoutersScheduler implements L3Scheduler {
  readonly name = 'least_routers';
  choose(candidates: readonly CandidateAgent[]): CandidateAgent {
    return candidates.reduce((best, candidate) => (candidate.routerCount < best.routerCount ? candidate : best));
  }
}

/** neutron's AZLeastRoutersScheduler: LeastRoutersScheduler among the agents in the router's zones. */
export class AzLeastRoutersScheduler implements L3Scheduler {
  readonly name = 'az_least_routers';
  readonly zoneAware = true;
  readonly #least = new LeastRoutersScheduler();
  choose(candidates: readonly CandidateAgent[]): CandidateAgent {
    return this.#least.choose(candidates);
  }
}

/** `router_scheduler_driver` names no scheduler this package has. */
export class UnknownRouterSchedulerError extends PluginConfigError {
  override readonly code = 'L3_UNKNOWN_ROUTER_SCHEDULER';
  constructor(name: string) {
    super(
      'DEFAULT',
      'router_scheduler_driver',
      `${name} is not a known L3 scheduler.${didYouMean(name, Object.keys(byName))} Use chance, least_routers or az_least_routers ` +
        '(or neutron.scheduler.l3_agent_scheduler.ChanceScheduler / LeastRoutersScheduler / AZLeastRoutersScheduler)',
    );
    this.name = 'UnknownRouterSchedulerError';
  }
}

const byName: Record<string, () => L3Scheduler> = {
  chance: () => new ChanceScheduler(),
  least_routers: () => new LeastRoutersScheduler(),
  az_least_routers: () => new AzLeastRoutersScheduler(),
  'neutron.scheduler.l3_agent_scheduler.AZLeastRoutersScheduler': () => new AzLeastRoutersScheduler(),
  'neutron.scheduler.l3_agent_scheduler.ChanceScheduler': () => new ChanceScheduler(),
  'neutron.scheduler.l3_agent_scheduler.LeastRoutersScheduler': () => new LeastRoutersScheduler(),
};

export function routerScheduler(name: string): L3Scheduler {
  const make = byName[name];
  if (!make) throw new UnknownRouterSchedulerError(name);
  return make();
}
