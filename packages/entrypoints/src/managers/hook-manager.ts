import { SingleNameManager, type SingleNameManagerOptions } from './single-name-manager.js';

export type HookManagerOptions = Omit<SingleNameManagerOptions, 'conflict'>;

/**
 * Loads every plugin registered under one name, from however many packages
 * (stevedore's HookManager): duplicates are the point, not a conflict.
 */
export class HookManager<P = unknown, O = unknown> extends SingleNameManager<P, O> {
  static override async load<P = unknown, O = unknown>(options: HookManagerOptions): Promise<HookManager<P, O>> {
    const manager = new HookManager<P, O>(options);
    await manager.populate({ ...options, conflict: 'all' });
    return manager;
  }
}
