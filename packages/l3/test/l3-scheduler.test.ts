import { describe, expect, it } from 'vitest';
import { ChanceScheduler, LeastRoutersScheduler, routerScheduler, UnknownRouterSchedulerError } from '@net-server/l3';

const candidates = [
  { agent: { id: 'a', host: 'ha' }, routerCount: 3 },
  { agent: { id: 'b', host: 'hb' }, routerCount: 1 },
  { agent: { id: 'c', host: 'hc' }, routerCount: 2 },
];

describe('router_scheduler_driver', () => {
  it('least_routers picks the agent hosting the fewest routers', () => {
    expect(new LeastRoutersScheduler().choose(candidates).agent['id']).toBe('b');
  });

  it('chance picks one of the candidates, and each of them over many draws', () => {
    const scheduler = new ChanceScheduler();
    const seen = new Set<unknown>();
    for (let i = 0; i < 300 && seen.size < candidates.length; i++) seen.add(scheduler.choose(candidates).agent['id']);
    expect(seen).toEqual(new Set(['a', 'b', 'c']));
  });

  it("accepts neutron's class paths and short names, and names the choices for anything else", () => {
    expect(routerScheduler('neutron.scheduler.l3_agent_scheduler.LeastRoutersScheduler').name).toBe('least_routers');
    expect(routerScheduler('neutron.scheduler.l3_agent_scheduler.ChanceScheduler').name).toBe('chance');
    expect(routerScheduler('chance').name).toBe('chance');
    expect(routerScheduler('neutron.scheduler.l3_agent_scheduler.AZLeastRoutersScheduler')).toMatchObject({ name: 'az_least_routers', zoneAware: true });
    expect(() => routerScheduler('neutron.scheduler.l3_agent_scheduler.L3Scheduler')).toThrow(UnknownRouterSchedulerError);
    expect(() => routerScheduler('bogus')).toThrow(/Use chance, least_routers or az_least_routers/);
  });
});
