import { serviceOptions } from '../config/server-options.js';
import type { WorkerPlan } from '../service/all-workers.js';
import type { ServerEnvironment } from '../service/server-environment.js';
import { ChildCommandMissingError } from './errors.js';
import { ProcessLauncher } from './process-launcher.js';
import { ServiceLauncher } from './service-launcher.js';

/** How forked children are started: net-server's bin with `start` and the master's options. */
export interface ChildCommand {
  exec: string;
  args: readonly string[];
  cwd: string;
}

export interface StartedWorkers {
  services: ServiceLauncher;
  processes?: ProcessLauncher;
}

/**
 * neutron's start_all_workers / _start_workers: forks the planned process
 * services with a ProcessLauncher (closing the master's database first when
 * the master serves nothing itself) and starts the rest in this process
 * with a ServiceLauncher. When an in-process service fails to start,
 * everything started is stopped and the error rethrown.
 */
export async function startAllWorkers(plan: WorkerPlan, environment: ServerEnvironment, child: ChildCommand | undefined): Promise<StartedWorkers> {
  const { logger, config } = environment;
  const gracefulShutdownTimeout = config.get('DEFAULT', serviceOptions.gracefulShutdownTimeout);
  let processes: ProcessLauncher | undefined;
  if (plan.forked.length > 0) {
    if (child === undefined) throw new ChildCommandMissingError(plan.forked.map((service) => service.worker.name));
    // Children open their own engines; a master that serves nothing keeps no connections.
    if (plan.inProcess.length === 0) await environment.close();
    processes = new ProcessLauncher({ ...child, logger, gracefulShutdownTimeout });
    for (const service of plan.forked) processes.launchService(service.id, service.worker.name, service.processes);
  }
  const services = new ServiceLauncher(logger);
  try {
    for (const worker of plan.inProcess) await services.launchService(worker);
  } catch (error) {
    await Promise.all([processes?.stop(), services.stop(gracefulShutdownTimeout)]);
    await environment.close();
    throw error;
  }
  return processes ? { services, processes } : { services };
}
