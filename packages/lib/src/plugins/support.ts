import type { PluginBase } from './core-plugin.js';

/**
 * Whether the server should start RpcWorker processes for this plugin
 * (neutron/service.py asks `plugin.rpc_workers_supported()`, true when the
 * plugin overrides start_rpc_listeners). Here a plugin opts in simply by
 * having the method.
 */
export function rpcWorkersSupported(plugin: PluginBase): boolean {
  return typeof plugin.startRpcListeners === 'function';
}

/** Whether the server should start RpcReportsWorker processes for this plugin. */
export function rpcStateReportWorkersSupported(plugin: PluginBase): boolean {
  return typeof plugin.startRpcStateReportsListener === 'function';
}
