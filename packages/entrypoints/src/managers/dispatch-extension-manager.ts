import type { Extension } from '../extension.js';
import { EnabledExtensionManager, type EnabledManagerOptions } from './enabled-extension-manager.js';
import { callMethod } from './extension-manager.js';

/** As EnabledManagerOptions, with the check optional. */
export type DispatchManagerOptions<P, O> = Omit<EnabledManagerOptions<P, O>, 'checkFunc'> & Partial<Pick<EnabledManagerOptions<P, O>, 'checkFunc'>>;

/**
 * Calls only the extensions a filter picks for each call (stevedore's
 * DispatchExtensionManager).
 */
export class DispatchExtensionManager<P = unknown, O = unknown> extends EnabledExtensionManager<P, O> {
  static override async load<P = unknown, O = unknown>(options: DispatchManagerOptions<P, O>): Promise<DispatchExtensionManager<P, O>> {
    return DispatchExtensionManager.fill(new DispatchExtensionManager<P, O>(options), options);
  }

  protected static async fill<M extends DispatchExtensionManager<P, O>, P, O>(manager: M, options: DispatchManagerOptions<P, O>): Promise<M> {
    await manager.populate(options);
    if (options.checkFunc) manager.setExtensions(manager.extensions.filter(options.checkFunc));
    return manager;
  }

  async dispatch<R, A extends unknown[]>(
    filter: (extension: Extension<P, O>, ...args: A) => boolean,
    fn: (extension: Extension<P, O>, ...args: A) => R | Promise<R>,
    ...args: A
  ): Promise<R[]> {
    return this.mapOver(
      this.extensions.filter((extension) => filter(extension, ...args)),
      fn,
      args,
    );
  }

  async dispatchMethod(filter: (extension: Extension<P, O>) => boolean, method: string, ...args: unknown[]): Promise<unknown[]> {
    return this.mapOver(this.extensions.filter(filter), (extension) => callMethod(extension, method, args), []);
  }
}

/**
 * Calls the extensions named for each call, in the order named (stevedore's
 * NameDispatchExtensionManager); unknown names are ignored.
 */
export class NameDispatchExtensionManager<P = unknown, O = unknown> extends DispatchExtensionManager<P, O> {
  static override async load<P = unknown, O = unknown>(options: DispatchManagerOptions<P, O>): Promise<NameDispatchExtensionManager<P, O>> {
    return DispatchExtensionManager.fill(new NameDispatchExtensionManager<P, O>(options), options);
  }

  async dispatchNames<R, A extends unknown[]>(
    names: readonly string[],
    fn: (extension: Extension<P, O>, ...args: A) => R | Promise<R>,
    ...args: A
  ): Promise<R[]> {
    return this.mapOver(this.pick(names), fn, args);
  }

  async dispatchNamesMethod(names: readonly string[], method: string, ...args: unknown[]): Promise<unknown[]> {
    return this.mapOver(this.pick(names), (extension) => callMethod(extension, method, args), []);
  }

  private pick(names: readonly string[]): Extension<P, O>[] {
    return names.flatMap((name) => this.getAll(name));
  }
}
