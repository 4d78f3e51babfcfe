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

/** neutron.conf.db.l3_dvr_db: routers are distributed unless their creator (an admin) says otherwise. */
export const routerDistributed = boolOpt('router_distributed', {
  default: false,
  help: 'System-wide flag to determine the type of router that tenants can create. Only admin can override.',
});

/** neutron.conf.db.l3_hamode_db. */
export const l3Ha = boolOpt('l3_ha', { default: false, help: 'Enable HA mode for virtual routers.' });

export const maxL3AgentsPerRouter = intOpt('max_l3_agents_per_router', {
  default: 3,
  help: 'Maximum number of L3 agents which a HA router will be scheduled on. If it is set to 0 then the router will be scheduled on every agent.',
});

export const l3HaNetCidr = strOpt('l3_ha_net_cidr', { default: '169.254.192.0/18', help: 'Subnet used for the l3 HA admin network.' });

export const l3HaNetworkType = strOpt('l3_ha_network_type', {
  default: '',
  help: "The network type to use when creating the HA network for an HA router. By default or if empty, the first 'tenant_network_types' is used.",
});

export const l3HaNetworkPhysicalName = strOpt('l3_ha_network_physical_name', {
  default: '',
  help: 'The physical network name with which the HA network can be created.',
});

/** The options this package registers, all in [DEFAULT] as in neutron.conf. */
export const l3OptionGroups: OptionGroupDeclaration[] = [
  {
    group: 'DEFAULT',
    options: [
      enableSnatByDefault,
      maxRoutes,
      routerSchedulerDriver,
      routerAutoSchedule,
      allowAutomaticL3agentFailover,
      routerDistributed,
      l3Ha,
      maxL3AgentsPerRouter,
      l3HaNetCidr,
      l3HaNetworkType,
      l3HaNetworkPhysicalName,
    ],
  },
];
