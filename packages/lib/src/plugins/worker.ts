/**
 * A unit of background work a plugin asks the server to run, as
 * neutron_lib.worker.BaseWorker. The server's launcher decides where it runs:
 * with `workerProcessCount` of N >= 1 it forks N processes that each call
 * `start()`; with 0 it runs the worker inside the shared AllServicesWorker
 * process. A plugin returns its workers from `getWorkers()`.
 */
export interface Worker {
  /** Shown in process titles and logs, e.g. "RpcWorker". */
  readonly name: string;
  /** 0: run in the shared process; N >= 1: spawn N processes. */
  readonly workerProcessCount: number;
  start(): Promise<void>;
  /** Asks the worker to stop; `wait()` resolves once it has. */
  stop(): Promise<void>;
  wait(): Promise<void>;
  /** Called on SIGHUP: reload configuration without stopping. */
  reset(): Promise<void>;
}
