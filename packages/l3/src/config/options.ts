import { boolOpt, intOpt, strOpt, type OptionGroupDeclaration } from '@net-server/lib';

/** neutron.conf.db.l3_gwmode_db: SNAT when the gateway info does not say. */
export const enableSnatByDefault = boolOpt('enable_snat_by_default', {
  default: true,
  help: 'Define the default value of enable_snat if not provided in external_gateway_info.',
});

/** neutron.conf.db.extraroute_db. */
export const maxRoutes = intOpt('max_routes', { default: 30, help: 'Maximum number of routes per router' });

/** neutron.conf.db.l3_agentschedulers_db: neutron's class paths or the short names `chance`, `least_routers` and `az_least_routers`. */
export const routerSchedulerDriver = strOpt('router_scheduler_driver', {
  default: 'neutron.scheduler.l3_agent_scheduler.LeastRoutersScheduler',
  help: 'Driver to use for scheduling router to a default L3 agent',
});

export const routerAutoSchedule = boolOpt('router_auto_schedule', { default: true, help: 'Allow auto scheduling of routers to L3 agent.' });

export const allowAutomaticL3agentFailover = boolOpt('allow_automatic_l3agent_failover', {
  default: false,
  help: 'Automatically reschedule routers from offline L3 agents to online L3 agents.',
});

/** The options this package registers, all in [DEFAULT] as in neutron.conf. */
export const l3OptionGroups: OptionGroupDeclaration[] = [
  { group: 'DEFAULT', options: [enableSnatByDefault, maxRoutes, routerSchedulerDriver, routerAutoSchedule, allowAutomaticL3agentFailover] },
];
