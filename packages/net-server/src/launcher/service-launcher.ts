import type { Logger, Worker } from '@net-server/lib';
import { deferred } from '../service/deferred.js';
import { ServiceDiedError } from './errors.js';
import { stopGracefully } from './stop-gracefully.js';

/**
 * oslo.service's ServiceLauncher: runs services inside this process (the
 * API when api_workers = 0, and the RPC and plugin workers when none of
 * them is forked). A service whose `wait()` ends before `stop()` was asked
 * counts as died, which `died()` reports so that the rest is stopped too.
 */
export class ServiceLauncher {
  readonly #services: Worker[] = [];
  readonly #died = deferred<Error>();
  #stopping = false;
  /** A reset stops and restarts services: their wait() ending then is expected. */
  #resetting = false;

  constructor(private readonly logger: Logger) {}

  get services(): readonly Worker[] {
    return this.#services;
  }

  async launchService(service: Worker): Promise<void> {
    await service.start();
    this.#services.push(service);
    this.#watch(service);
  }

  died(): Promise<Error> {
    return this.#died.promise;
  }

  /** Stops every service; resolves false when some did not finish within `timeoutSeconds`. */
  async stop(timeoutSeconds: number): Promise<boolean> {
    this.#stopping = true;
    const results = await Promise.all(this.#services.map((service) => stopGracefully(service, timeoutSeconds)));
    return results.every(Boolean);
  }

  /** SIGHUP: each service reloads from the environment it reads. */
  async reset(): Promise<void> {
    this.#resetting = true;
    try {
      for (const service of this.#services) await service.reset();
    } finally {
      this.#resetting = false;
    }
    for (const service of this.#services) this.#watch(service);
  }

  #watch(service: Worker): void {
    service.wait().then(
      () => {
        if (!this.#stopping && !this.#resetting) this.#died.resolve(new ServiceDiedError(service.name, 'it stopped by itself'));
      },
      (error: unknown) => {
        this.logger.error('service failed', { service: service.name, error: String(error) });
        if (!this.#stopping && !this.#resetting) this.#died.resolve(new ServiceDiedError(service.name, String(error)));
      },
    );
  }
}
