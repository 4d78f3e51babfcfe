import type { EntryPoint } from '../entry-point.js';
import { ExtensionManager, type ManagerOptions } from './extension-manager.js';

export interface HookManagerOptions extends Omit<ManagerOptions, 'conflict'> {
  /** The hook name; every package declaring it contributes one extension. */
  name: string;
}

/**
 * Loads every plugin registered under one name, from however many packages
 * (stevedore's HookManager): duplicates are the point, not a conflict.
 */
export class HookManager<P = unknown, O = unknown> extends ExtensionManager<P, O> {
  #name = '';

  static override async load<P = unknown, O = unknown>(options: HookManagerOptions): Promise<HookManager<P, O>> {
    const manager = new HookManager<P, O>(options);
    manager.#name = options.name;
    await manager.populate({ ...options, conflict: 'all' });
    return manager;
  }

  protected override filterEntryPoints(entryPoints: readonly EntryPoint[]): readonly EntryPoint[] {
    return entryPoints.filter((entryPoint) => entryPoint.name === this.#name);
  }
}
