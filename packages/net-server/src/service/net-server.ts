import { serviceOptions } from '../config/server-options.js';
import { startAllWorkers, type ChildCommand, type StartedWorkers } from '../launcher/start-all-workers.js';
import type { ProcessLauncher } from '../launcher/process-launcher.js';
import type { ServiceLauncher } from '../launcher/service-launcher.js';
import type { ApiAppFactory } from './api-app.js';
import { ApiWorker } from './api-worker.js';
import { planAllWorkers, type WorkerPlan } from './all-workers.js';
import { restApiApp } from './rest-api-app.js';
import { ServerEnvironment, type EnvironmentRef, type EnvironmentSource, type SchemaPolicy } from './server-environment.js';
import { workerCounts } from './worker-counts.js';

/** Chooses the services a server runs, over the environment it loaded. */
export type ServicePlanner = (environment: EnvironmentRef, apiAppFactory: ApiAppFactory) => WorkerPlan;

export interface NetServerOptions {
  /** Where the configuration and the plugins come from (read again on a reload). */
  source: EnvironmentSource;
  /** What to do with the database's schema before the plugins load; see `ServerEnvironment.load`. Default: nothing. */
  schema?: SchemaPolicy;
  /** The API application each API worker serves. Default: the Neutron REST API. */
  apiAppFactory?: ApiAppFactory;
  /** Default: `planAllWorkers` with the configuration's worker counts, as `net-server start`. */
  planner?: ServicePlanner;
}

/**
 * One server, and the one way to boot it: `load` reads the configuration,
 * opens the database and prepares its schema, loads the plugins into a
 * NeutronManager of this server's own and plans the services; `start`
 * starts them (forking the planned children, running the rest in this
 * process); `stop` stops them gracefully and closes the plugins and the
 * database. `net-server start` (its master and each forked child) and
 * testkit's `startServer` both run this sequence; nothing is kept per
 * process, so a process may run several servers side by side.
 */
export class NetServer {
  #started: StartedWorkers | undefined;

  private constructor(
    readonly source: EnvironmentSource,
    /** The environment services read; a reload (SIGHUP) points it at a new one. */
    readonly environment: EnvironmentRef,
    readonly plan: WorkerPlan,
  ) {}

  static async load(options: NetServerOptions): Promise<NetServer> {
    const environment: EnvironmentRef = {
      current: await ServerEnvironment.load(options.source, options.schema ? { schema: options.schema } : {}),
    };
    const apiAppFactory = options.apiAppFactory ?? restApiApp;
    try {
      const plan = (options.planner ?? configuredPlan)(environment, apiAppFactory);
      return new NetServer(options.source, environment, plan);
    } catch (error) {
      await environment.current.close();
      throw error;
    }
  }

  /**
   * Starts the planned services; when one in this process fails to start,
   * the others are stopped, the environment closed and the error rethrown.
   * `child` is needed when the plan forks.
   */
  async start(child?: ChildCommand): Promise<StartedWorkers> {
    this.#started = await startAllWorkers(this.plan, this.environment.current, child);
    return this.#started;
  }

  /** The services running in this process (after `start`). */
  get services(): ServiceLauncher | undefined {
    return this.#started?.services;
  }

  /** The forked children (after `start`, when the plan forks). */
  get processes(): ProcessLauncher | undefined {
    return this.#started?.processes;
  }

  /** Where this process serves the API, once started (undefined when API workers are forked). */
  get apiAddress(): { address: string; port: number } | undefined {
    return this.plan.inProcess.find((worker): worker is ApiWorker => worker instanceof ApiWorker)?.address;
  }

  /**
   * Stops the children and this process's services within
   * graceful_shutdown_timeout, then closes the plugins (last loaded first)
   * and the database. Resolves false when some work was left unfinished.
   */
  async stop(): Promise<boolean> {
    const timeout = this.environment.current.config.get('DEFAULT', serviceOptions.gracefulShutdownTimeout);
    const [forked, inProcess] = await Promise.all([this.processes?.stop() ?? true, this.services?.stop(timeout) ?? true]);
    await this.environment.current.close();
    return forked && inProcess;
  }
}

function configuredPlan(environment: EnvironmentRef, apiAppFactory: ApiAppFactory): WorkerPlan {
  const { config, logger } = environment.current;
  return planAllWorkers(environment, workerCounts(config), apiAppFactory, logger);
}
