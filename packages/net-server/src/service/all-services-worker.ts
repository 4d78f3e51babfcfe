import type { Worker } from '@net-server/lib';

/**
 * neutron's AllServicesNeutronWorker: the workers that asked for no
 * process of their own (`workerProcessCount` 0), run together in one
 * "services worker" process.
 */
export class AllServicesWorker implements Worker {
  readonly name = 'services worker';
  readonly workerProcessCount = 1;

  constructor(readonly services: readonly Worker[]) {}

  async start(): Promise<void> {
    for (const service of this.services) await service.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.services.map((service) => service.stop()));
  }

  async wait(): Promise<void> {
    await Promise.all(this.services.map((service) => service.wait()));
  }

  async reset(): Promise<void> {
    for (const service of this.services) await service.reset();
  }
}
