import { rpcStateReportWorkersSupported, rpcWorkersSupported, silentLogger, type Logger, type Worker } from '@net-server/lib';
import { AllServicesWorker } from './all-services-worker.js';
import type { ApiAppFactory } from './api-app.js';
import { ApiWorker } from './api-worker.js';
import { RpcReportsWorker, RpcWorker } from './rpc-worker.js';
import type { EnvironmentRef } from './server-environment.js';
import type { WorkerCounts } from './worker-counts.js';

/** A worker the master forks `processes` children for; `id` names it to the child. */
export interface PlannedService {
  id: string;
  worker: Worker;
  processes: number;
}

/** Where each service of a `start` runs. */
export interface WorkerPlan {
  /** Forked by the ProcessLauncher. */
  forked: PlannedService[];
  /** Run in the master by the ServiceLauncher. */
  inProcess: Worker[];
}

/**
 * neutron's _get_rpc_workers: an RpcWorker over every plugin when the core
 * plugin implements `startRpcListeners`, plus an RpcReportsWorker over the
 * core plugin when rpc_state_report_workers > 0 and it implements
 * `startRpcStateReportsListener`. Without `startRpcListeners` there is no
 * RPC worker (the plugin runs its RPC in the processes that load it) and a
 * configured rpc_workers is reported as ignored.
 */
export function getRpcWorkers(environment: EnvironmentRef, counts: WorkerCounts, logger: Logger, announce = true): PlannedService[] {
  const core = environment.current.manager.corePlugin;
  if (!rpcWorkersSupported(core)) {
    const report = announce ? logger : silentLogger;
    if (counts.rpc > 0) {
      report.warn(`'rpc_workers = ${counts.rpc}' ignored because startRpcListeners is not implemented by the core plugin`);
    } else {
      report.debug('the core plugin does not implement startRpcListeners');
    }
    return [];
  }
  const services: PlannedService[] = [
    { id: 'rpc', worker: new RpcWorker(() => environment.current.manager.getUniquePlugins(), counts.rpc, logger), processes: counts.rpc },
  ];
  if (counts.rpcStateReport > 0 && rpcStateReportWorkersSupported(core)) {
    const worker = new RpcReportsWorker(() => [environment.current.manager.corePlugin], counts.rpcStateReport, logger);
    services.push({ id: 'rpc-reports', worker, processes: counts.rpcStateReport });
  }
  return services;
}

/** neutron's _get_plugins_workers: what each loaded plugin's `getWorkers()` returns. */
export function getPluginsWorkers(environment: EnvironmentRef): PlannedService[] {
  const workers = environment.current.manager.getUniquePlugins().flatMap((plugin) => plugin.getWorkers?.() ?? []);
  return workers.map((worker, index) => ({ id: `plugin-${index}`, worker, processes: worker.workerProcessCount }));
}

/**
 * neutron's start_all_workers, as a plan: the API worker (forked when
 * api_workers >= 1, else in the master), then the RPC and plugin workers.
 * Those with a process count >= 1 are forked; the others run together in
 * one forked AllServicesWorker, or, when nothing else is forked, in the
 * master (ServiceLauncher). Master and children compute the same plan from
 * the same configuration, so a child finds its service by id; children
 * plan with `announce` false so that the master alone reports the plan.
 */
export function planAllWorkers(environment: EnvironmentRef, counts: WorkerCounts, apiAppFactory: ApiAppFactory, logger: Logger, announce = true): WorkerPlan {
  const plan: WorkerPlan = { forked: [], inProcess: [] };
  const api = new ApiWorker(environment, apiAppFactory, counts.api);
  if (counts.api >= 1) plan.forked.push({ id: 'api', worker: api, processes: counts.api });
  else plan.inProcess.push(api);

  const workers = [...getRpcWorkers(environment, counts, logger, announce), ...getPluginsWorkers(environment)];
  const processWorkers = workers.filter((service) => service.processes >= 1);
  const threadWorkers = workers.filter((service) => service.processes < 1).map((service) => service.worker);
  if (processWorkers.length === 0) {
    plan.inProcess.push(...threadWorkers);
    return plan;
  }
  plan.forked.push(...processWorkers);
  if (threadWorkers.length > 0) plan.forked.push({ id: 'services', worker: new AllServicesWorker(threadWorkers), processes: 1 });
  return plan;
}
