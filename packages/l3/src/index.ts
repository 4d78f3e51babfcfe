export { L3RouterPlugin } from './plugin/l3-router-plugin.js';
export type { Routers, RouterEvents, RouterSettings } from './plugin/routers.js';
export type { FloatingIps } from './plugin/floating-ips.js';
export { routerPluginIn, routerPluginOf, RouterPluginRequiredError, type RouterPluginPart } from './plugin/router-plugin-of.js';
export { ExternalNetworkInUse } from './plugin/external-network-rows.js';
export { ROUTER, EXT_GW_MODE, EXTRAROUTE, L3_AGENT_SCHEDULER, L3_ROUTER_NAT, l3Extensions } from './api/definitions.js';
export { migrations } from './db/migrations.js';
export type { L3Tables } from './db/schema.js';
export { l3OptionGroups, enableSnatByDefault, maxRoutes, routerSchedulerDriver, routerAutoSchedule, allowAutomaticL3agentFailover } from './config/options.js';
export {
  ChanceScheduler,
  LeastRoutersScheduler,
  UnknownRouterSchedulerError,
  routerScheduler,
  type L3Scheduler,
  type CandidateAgent,
} from './scheduler/l3-scheduler.js';
export type { RouterScheduling, RescheduledRouter } from './scheduler/router-scheduling.js';
export { L3AgentFailoverWorker, type RouterRemovedNotifier } from './scheduler/l3-agent-failover-worker.js';
export { AgentNotFoundByTypeHost, TooManyExternalNetworks } from './rpc/l3-rpc-callback.js';
export type { RouterSyncExtender } from './rpc/sync-data.js';
export * from './errors.js';
export { HaNetworkCidrNotValidError, HaMaximumAgentsNumberNotValidError } from './config/ha-options.js';
