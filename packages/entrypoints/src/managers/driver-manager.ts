import { MultipleMatchesError, NoMatchesError, type EntryPointError } from '../errors.js';
import type { EntryPoint } from '../entry-point.js';
import type { Extension } from '../extension.js';
import type { TestInstanceOptions } from './extension-manager.js';
import { SingleNameManager, type SingleNameManagerOptions } from './single-name-manager.js';

export type DriverManagerOptions = Omit<SingleNameManagerOptions, 'strict'>;

/**
 * Loads exactly one plugin by name (stevedore's DriverManager): a distinct
 * error when nothing provides the name, another when several packages do,
 * and a load failure is thrown rather than logged.
 */
export class DriverManager<P = unknown, O = unknown> extends SingleNameManager<P, O> {
  static override async load<P = unknown, O = unknown>(options: DriverManagerOptions): Promise<DriverManager<P, O>> {
    const manager = new DriverManager<P, O>(options);
    let loadError: EntryPointError | undefined;
    await manager.populate({
      ...options,
      onLoadFailure: (failed, entryPoint, error) => {
        // A broken manifest elsewhere in the namespace is not this driver's failure.
        if (entryPoint) loadError ??= error;
        options.onLoadFailure?.(failed, entryPoint, error);
      },
    });
    manager.checkSingle(options.name, loadError);
    return manager;
  }

  static override makeTestInstance<P = unknown, O = unknown>(extensions: readonly Extension<P, O>[], options: TestInstanceOptions = {}): DriverManager<P, O> {
    const manager = new DriverManager<P, O>({ ...options, namespace: options.namespace ?? 'TESTING' });
    manager.setExtensions(extensions);
    return manager;
  }

  /** The invoked object, or the export itself when not invoked on load. */
  get driver(): O | P {
    const [extension] = this.extensions;
    if (!extension) throw new NoMatchesError('the driver manager holds no driver', { namespace: this.namespace });
    return extension.obj ?? extension.plugin;
  }

  /** The loaded export (the class or factory). */
  get plugin(): P {
    const [extension] = this.extensions;
    if (!extension) throw new NoMatchesError('the driver manager holds no driver', { namespace: this.namespace });
    return extension.plugin;
  }

  private checkSingle(name: string, loadError: EntryPointError | undefined): void {
    const duplicates = this.failures.filter((failure) => failure.error.code === 'EP_DUPLICATE');
    if (duplicates.length > 0 && this.extensions.length === 0) {
      const candidates = duplicates.map((failure) => describe(failure.entryPoint));
      throw new MultipleMatchesError(
        `several packages provide "${name}": ${candidates.join(', ')}; uninstall all but one, or choose with a conflict policy`,
        { namespace: this.namespace, entry: name },
        candidates,
      );
    }
    if (loadError && this.extensions.length === 0) throw loadError;
    if (this.extensions.length === 0) {
      const broken = this.failures.filter((failure) => !failure.entryPoint).map((failure) => failure.error.package ?? failure.error.file);
      const hint = broken.length > 0 ? ` (broken package manifests that mention ${this.namespace}: ${broken.join(', ')})` : '';
      throw new NoMatchesError(`no "${name}" driver found in ${this.namespace}; install the package that provides it or fix the name${hint}`, {
        namespace: this.namespace,
        entry: name,
      });
    }
  }
}

function describe(entryPoint: EntryPoint | undefined): string {
  return entryPoint ? `${entryPoint.package.name}@${entryPoint.package.version} (${entryPoint.package.path})` : 'unknown';
}
