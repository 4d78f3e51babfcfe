import { ExitCode } from '../cli/exit-codes.js';
import type { ApiAppFactory } from '../service/api-app.js';
import { planAllWorkers } from '../service/all-workers.js';
import { ServerEnvironment, type EnvironmentRef, type EnvironmentSource } from '../service/server-environment.js';
import { workerCounts } from '../service/worker-counts.js';
import type { ChildMessage } from './messages.js';
import { setProcessTitle } from './process-title.js';
import { ServiceLauncher } from './service-launcher.js';
import { waitForStop } from './wait-for-stop.js';

export interface ChildOptions {
  source: EnvironmentSource;
  apiAppFactory: ApiAppFactory;
  /** Which service of the plan to run, and its name for the process title. */
  serviceId: string;
  serviceName: string;
}

function tell(message: ChildMessage): void {
  process.send?.(message);
}

/**
 * A forked child (oslo's _child_process): loads its own configuration,
 * database and plugins, runs the one service the master named, tells the
 * master when it is ready, and stops gracefully on SIGTERM/SIGINT within
 * graceful_shutdown_timeout. SIGHUP reloads it in place.
 */
export async function runChild(options: ChildOptions): Promise<ExitCode> {
  setProcessTitle(options.serviceName);
  let environment: EnvironmentRef;
  let launcher: ServiceLauncher;
  try {
    environment = { current: await ServerEnvironment.load(options.source) };
    const { logger, config } = environment.current;
    const plan = planAllWorkers(environment, workerCounts(config), options.apiAppFactory, logger, false);
    const service = plan.forked.find((planned) => planned.id === options.serviceId);
    if (!service) throw new Error(`this configuration has no "${options.serviceId}" service; the master and its children read different configurations`);
    launcher = new ServiceLauncher(logger.child({ service: service.worker.name }));
    await launcher.launchService(service.worker);
  } catch (error) {
    tell({ type: 'net-server:failed', reason: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  tell({ type: 'net-server:ready' });
  return waitForStop({ environment, source: options.source, services: launcher });
}
