import type { Worker } from '@net-server/lib';
import { coreOptions, serviceOptions } from '../config/server-options.js';
import type { ApiApp, ApiAppFactory } from './api-app.js';
import { HttpListener } from './http-listener.js';
import type { EnvironmentRef, ServerEnvironment } from './server-environment.js';

/**
 * Serves the REST API on `bind_host`:`bind_port` (neutron's WSGI service).
 * Run in `api_workers` processes, each one's listener shares the master's
 * socket; with api_workers = 0 it runs in the master. `stop` stops
 * accepting and `wait` resolves once every request received is answered;
 * `reset` swaps in an application built from the current environment
 * without closing the socket.
 */
export class ApiWorker implements Worker {
  readonly name = 'api worker';
  #listener: HttpListener | undefined;
  #app: ApiApp | undefined;

  constructor(
    private readonly environment: EnvironmentRef,
    private readonly appFactory: ApiAppFactory,
    readonly workerProcessCount: number,
  ) {}

  async start(): Promise<void> {
    const env = this.environment.current;
    this.#app = await this.#build(env);
    const { config } = env;
    this.#listener = new HttpListener(this.#app.handler, {
      host: config.get('DEFAULT', coreOptions.bindHost),
      port: config.get('DEFAULT', coreOptions.bindPort),
      backlog: config.get('DEFAULT', serviceOptions.backlog),
      keepAlive: config.get('DEFAULT', serviceOptions.wsgiKeepAlive),
      keepAliveTimeout: config.get('DEFAULT', serviceOptions.clientSocketTimeout),
      maxHeaderSize: config.get('DEFAULT', serviceOptions.maxHeaderLine),
    });
    await this.#listener.listen();
    env.logger.info('API listening', { ...this.#listener.address });
  }

  /** Where it listens, once started (the port the system chose for bind_port = 0). */
  get address(): { address: string; port: number } | undefined {
    return this.#listener?.address;
  }

  async stop(): Promise<void> {
    void this.#listener?.drain();
  }

  async wait(): Promise<void> {
    await this.#listener?.closed();
    await this.#app?.close?.();
  }

  async reset(): Promise<void> {
    const previous = this.#app;
    this.#app = await this.#build(this.environment.current);
    this.#listener?.setHandler(this.#app.handler);
    await previous?.close?.();
  }

  #build(env: ServerEnvironment): ApiApp | Promise<ApiApp> {
    return this.appFactory({ manager: env.manager, config: env.config, logger: env.logger, plugins: env.plugins });
  }
}
