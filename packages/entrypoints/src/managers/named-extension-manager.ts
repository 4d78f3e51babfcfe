import type { EntryPoint } from '../entry-point.js';
import { ExtensionManager, type ManagerOptions, type TestInstanceOptions } from './extension-manager.js';
import type { Extension } from '../extension.js';

export interface NamedManagerOptions extends ManagerOptions {
  /** Only these entry points are imported. */
  names: readonly string[];
  /** Order extensions as `names` lists them rather than in discovery order. */
  nameOrder?: boolean;
  /** Called with the requested names that no package provides. */
  onMissingEntrypoints?: (missing: string[]) => void;
  /** Log requested names that no package provides (default: true). */
  warnOnMissingEntrypoint?: boolean;
}

/** Loads only the named plugins of a namespace (stevedore's NamedExtensionManager). */
export class NamedExtensionManager<P = unknown, O = unknown> extends ExtensionManager<P, O> {
  #names: readonly string[] = [];

  static override async load<P = unknown, O = unknown>(options: NamedManagerOptions): Promise<NamedExtensionManager<P, O>> {
    const manager = new NamedExtensionManager<P, O>(options);
    await manager.populate(options);
    return manager;
  }

  static override makeTestInstance<P = unknown, O = unknown>(
    extensions: readonly Extension<P, O>[],
    options: TestInstanceOptions = {},
  ): NamedExtensionManager<P, O> {
    const manager = new NamedExtensionManager<P, O>({ ...options, namespace: options.namespace ?? 'TESTING' });
    manager.#names = extensions.map((extension) => extension.name);
    manager.setExtensions(extensions);
    return manager;
  }

  protected override filterEntryPoints(entryPoints: readonly EntryPoint[]): readonly EntryPoint[] {
    const wanted = new Set(this.#names);
    return entryPoints.filter((entryPoint) => wanted.has(entryPoint.name));
  }

  protected override async populate(options: ManagerOptions): Promise<void> {
    const named = options as NamedManagerOptions;
    this.#names = named.names;
    await super.populate(options);
    const loaded = new Set(this.names());
    const failed = new Set(this.failures.map((failure) => failure.entryPoint?.name));
    const missing = this.#names.filter((name) => !loaded.has(name) && !failed.has(name));
    if (missing.length > 0) {
      if (named.onMissingEntrypoints) named.onMissingEntrypoints(missing);
      else if (named.warnOnMissingEntrypoint !== false) {
        this.logger.warn(
          `no package provides ${missing.map((name) => `"${name}"`).join(', ')} in ${this.namespace}; install the package that provides it or fix the name`,
          { code: 'EP_NO_MATCHES', missing },
        );
      }
    }
    if (named.nameOrder) {
      const rank = new Map(this.#names.map((name, index) => [name, index]));
      this.setExtensions([...this.extensions].sort((a, b) => (rank.get(a.name) ?? 0) - (rank.get(b.name) ?? 0)));
    }
  }
}
