import { availableParallelism, totalmem } from 'node:os';
import type { Config } from '../config/config.js';
import { messagingOptions, serviceOptions } from '../config/server-options.js';

export interface WorkerCounts {
  api: number;
  rpc: number;
  rpcStateReport: number;
}

const STEADY_STATE_BYTES_PER_WORKER = 2 * 1024 ** 3;

/** neutron's _get_worker_count: one per CPU, no more than memory / 2 GiB, at least one. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(availableParallelism(), Math.floor(totalmem() / STEADY_STATE_BYTES_PER_WORKER)));
}

/** Whether RPC stays inside one process (memory://), so that other processes could not reach it. */
export function isInProcessTransport(config: Config): boolean {
  const url = config.get('DEFAULT', messagingOptions.transportUrl).trim();
  return url === '' || url.startsWith('memory:');
}

/**
 * The process counts `start` uses. As neutron: api_workers unset means one
 * per CPU (bounded by memory), rpc_workers unset half of that but at least
 * one. Unlike neutron, with the in-process memory:// transport the unset
 * counts (and rpc_state_report_workers left at its default) are 0, so that
 * `net-server start` with no configuration runs in one process, where the
 * API and the RPC servers share the transport.
 */
export function workerCounts(config: Config): WorkerCounts {
  const single = isInProcessTransport(config);
  const api = config.get('DEFAULT', serviceOptions.apiWorkers) ?? (single ? 0 : defaultWorkerCount());
  const rpc = config.get('DEFAULT', serviceOptions.rpcWorkers) ?? (single ? 0 : Math.max(1, Math.floor(api / 2)));
  const reportsDefaulted = config.origin('DEFAULT', serviceOptions.rpcStateReportWorkers.name).kind === 'default';
  const rpcStateReport = single && reportsDefaulted ? 0 : config.get('DEFAULT', serviceOptions.rpcStateReportWorkers);
  return { api, rpc, rpcStateReport };
}
