import type { Logger, PluginBase, RpcServerLike, Worker } from '@net-server/lib';
import { deferred, type Deferred } from './deferred.js';

type ListenerMethod = 'startRpcListeners' | 'startRpcStateReportsListener';

/**
 * neutron's RpcWorker: starts the RPC consumers of the given plugins by
 * calling their `startRpcListeners` and keeps the servers they return;
 * `stop` stops them taking messages, `wait` resolves once the messages
 * already taken are answered, `reset` restarts them (on the plugins the
 * worker reads at that time).
 */
export class RpcWorker implements Worker {
  readonly name: string = 'rpc worker';
  protected readonly listenerMethod: ListenerMethod = 'startRpcListeners';
  #servers: RpcServerLike[] = [];
  #stopped: Deferred<void> = deferred();

  constructor(
    private readonly plugins: () => readonly PluginBase[],
    readonly workerProcessCount: number,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    for (const plugin of this.plugins()) {
      const method = plugin[this.listenerMethod];
      if (typeof method !== 'function') continue;
      this.#servers.push(...(await method.call(plugin)));
    }
    this.logger.info('RPC consumers started', { worker: this.name, servers: this.#servers.length });
  }

  async stop(): Promise<void> {
    this.#stopped.resolve();
    await Promise.all(this.#servers.map((server) => server.stop()));
  }

  /** Resolves after `stop()`, once every message already received has been handled. */
  async wait(): Promise<void> {
    await this.#stopped.promise;
    await Promise.all(this.#servers.map((server) => server.wait()));
  }

  async reset(): Promise<void> {
    await this.stop();
    await this.wait();
    this.#servers = [];
    this.#stopped = deferred();
    await this.start();
  }
}

/** neutron's RpcReportsWorker: the core plugin's agent state report consumers, in their own processes. */
export class RpcReportsWorker extends RpcWorker {
  override readonly name: string = 'rpc reports worker';
  protected override readonly listenerMethod: ListenerMethod = 'startRpcStateReportsListener';
}
