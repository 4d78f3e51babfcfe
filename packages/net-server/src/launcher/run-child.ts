import { ExitCode } from '../cli/exit-codes.js';
import type { ApiAppFactory } from '../service/api-app.js';
import { planAllWorkers, type WorkerPlan } from '../service/all-workers.js';
import { NetServer } from '../service/net-server.js';
import type { EnvironmentRef, EnvironmentSource } from '../service/server-environment.js';
import { workerCounts } from '../service/worker-counts.js';
import type { ChildMessage } from './messages.js';
import { setProcessTitle } from './process-title.js';
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
  let server: NetServer;
  try {
    server = await NetServer.load({
      source: options.source,
      apiAppFactory: options.apiAppFactory,
      planner: (environment, apiAppFactory) => childPlan(environment, apiAppFactory, options.serviceId),
    });
    await server.start();
  } catch (error) {
    tell({ type: 'net-server:failed', reason: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  tell({ type: 'net-server:ready' });
  return waitForStop(server);
}

/** The master's plan computed again, keeping the one service this child runs, in this process. */
function childPlan(environment: EnvironmentRef, apiAppFactory: ApiAppFactory, serviceId: string): WorkerPlan {
  const { config, logger } = environment.current;
  const plan = planAllWorkers(environment, workerCounts(config), apiAppFactory, logger, false);
  const service = plan.forked.find((planned) => planned.id === serviceId);
  if (!service) throw new Error(`this configuration has no "${serviceId}" service; the master and its children read different configurations`);
  return { forked: [], inProcess: [service.worker] };
}
