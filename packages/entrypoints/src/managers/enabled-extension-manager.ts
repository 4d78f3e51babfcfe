import type { Extension } from '../extension.js';
import { ExtensionManager, type ManagerOptions } from './extension-manager.js';

export interface EnabledManagerOptions<P, O> extends ManagerOptions {
  /** Keeps an extension when it returns true; called after loading (and invoking). */
  checkFunc: (extension: Extension<P, O>) => boolean;
}

/** Loads every plugin, then keeps those the check accepts (stevedore's EnabledExtensionManager). */
export class EnabledExtensionManager<P = unknown, O = unknown> extends ExtensionManager<P, O> {
  static override async load<P = unknown, O = unknown>(options: EnabledManagerOptions<P, O>): Promise<EnabledExtensionManager<P, O>> {
    const manager = new EnabledExtensionManager<P, O>(options);
    await manager.populate(options);
    manager.setExtensions(manager.extensions.filter((extension) => options.checkFunc(extension)));
    return manager;
  }
}
