import type { EntryPoint } from '../entry-point.js';
import { ExtensionManager, type ManagerOptions } from './extension-manager.js';

export interface SingleNameManagerOptions extends ManagerOptions {
  /** The entry point name to load. */
  name: string;
}

/** A manager over the entry points of one name: the base of DriverManager and HookManager. */
export abstract class SingleNameManager<P, O> extends ExtensionManager<P, O> {
  #name = '';

  protected override async populate(options: ManagerOptions): Promise<void> {
    this.#name = (options as SingleNameManagerOptions).name;
    await super.populate(options);
  }

  protected override filterEntryPoints(entryPoints: readonly EntryPoint[]): readonly EntryPoint[] {
    return entryPoints.filter((entryPoint) => entryPoint.name === this.#name);
  }
}
