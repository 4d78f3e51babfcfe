import { discover, type Discovery, type DiscoveryOptions } from '../discovery.js';
import type { EntryPoint } from '../entry-point.js';
import { EntryPointError, InvokeError, NoMatchesError } from '../errors.js';
import { Extension } from '../extension.js';
import { loadEntryPoint } from '../load-entry-point.js';
import { selectEntryPoints, type SelectionOptions } from '../select.js';

/** The part of a logger the loader uses; @net-server/lib's Logger fits. */
export interface LoaderLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

export type LoadFailureCallback = (manager: ExtensionManager, entryPoint: EntryPoint | undefined, error: EntryPointError) => void;

export interface LoadFailure {
  entryPoint: EntryPoint | undefined;
  error: EntryPointError;
}

export interface ManagerOptions extends DiscoveryOptions, SelectionOptions {
  namespace: string;
  /** Call (function) or construct (class) each export after loading it. */
  invokeOnLoad?: boolean;
  invokeArgs?: readonly unknown[];
  /** Let an error thrown inside map()/mapMethod() end the call instead of being logged. */
  propagateMapExceptions?: boolean;
  /** Called for each entry point that cannot be used; by default the failure is logged. */
  onLoadFailure?: LoadFailureCallback;
  /** Throw the first failure instead of reporting it and loading the rest. */
  strict?: boolean;
  /** Reuse a discovery instead of discovering from `root`. */
  discovery?: Discovery;
  logger?: LoaderLogger;
}

export type TestInstanceOptions = Pick<ManagerOptions, 'propagateMapExceptions' | 'onLoadFailure' | 'logger'> & { namespace?: string };

const warningLogger: LoaderLogger = {
  warn: (message, fields) => process.emitWarning(message, { code: typeof fields?.['code'] === 'string' ? fields['code'] : 'EP_WARNING' }),
};

function isClass(value: unknown): boolean {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

async function invoke(plugin: unknown, args: readonly unknown[], entryPoint: EntryPoint): Promise<unknown> {
  const context = { namespace: entryPoint.namespace, entry: entryPoint.name, package: entryPoint.package.name, version: entryPoint.package.version };
  if (typeof plugin !== 'function') {
    throw new InvokeError(`invokeOnLoad needs a class or function, but the export is ${plugin === null ? 'null' : typeof plugin}`, context);
  }
  try {
    return isClass(plugin) ? new (plugin as new (...a: unknown[]) => unknown)(...args) : await (plugin as (...a: unknown[]) => unknown)(...args);
  } catch (error) {
    throw new InvokeError(`invoking the plugin failed: ${error instanceof Error ? error.message : String(error)}`, context, { cause: error });
  }
}

/**
 * Loads every plugin of a namespace (stevedore's ExtensionManager). Build one
 * with `await ExtensionManager.load({ namespace })`; listing and choosing
 * read package.json files only, and each chosen module is imported once.
 */
export class ExtensionManager<P = unknown, O = unknown> implements Iterable<Extension<P, O>> {
  readonly namespace: string;
  /** Entry points that could not be used, with the reason. */
  readonly failures: LoadFailure[] = [];
  protected readonly propagateMapExceptions: boolean;
  protected readonly logger: LoaderLogger;
  #extensions: Extension<P, O>[] = [];
  #byName = new Map<string, Extension<P, O>[]>();

  protected constructor(options: TestInstanceOptions & { namespace: string }) {
    this.namespace = options.namespace;
    this.propagateMapExceptions = options.propagateMapExceptions ?? false;
    this.logger = options.logger ?? warningLogger;
  }

  static async load<P = unknown, O = unknown>(options: ManagerOptions): Promise<ExtensionManager<P, O>> {
    const manager = new ExtensionManager<P, O>(options);
    await manager.populate(options);
    return manager;
  }

  /** A manager over extensions made by hand, for tests (nothing is discovered). */
  static makeTestInstance<P = unknown, O = unknown>(extensions: readonly Extension<P, O>[], options: TestInstanceOptions = {}): ExtensionManager<P, O> {
    const manager = new ExtensionManager<P, O>({ ...options, namespace: options.namespace ?? 'TESTING' });
    manager.setExtensions(extensions);
    return manager;
  }

  get extensions(): readonly Extension<P, O>[] {
    return this.#extensions;
  }

  protected setExtensions(extensions: readonly Extension<P, O>[]): void {
    this.#extensions = [...extensions];
    this.#byName = new Map();
    for (const extension of extensions) this.#byName.set(extension.name, [...(this.#byName.get(extension.name) ?? []), extension]);
  }

  /** Narrows the discovered entry points before anything is imported. */
  protected filterEntryPoints(entryPoints: readonly EntryPoint[]): readonly EntryPoint[] {
    return entryPoints;
  }

  /** Discovers, selects, imports and invokes; subclasses adjust the steps. */
  protected async populate(options: ManagerOptions): Promise<void> {
    const discovery = options.discovery ?? discover(options);
    for (const skipped of discovery.skipped) {
      // A broken manifest is this namespace's business only if it names it.
      if (skipped.text?.includes(JSON.stringify(this.namespace))) this.reportFailure(options, undefined, skipped.error);
    }
    const { selected, rejected } = selectEntryPoints(this.filterEntryPoints(discovery.entryPoints(this.namespace)), options);
    for (const { entryPoint, error } of rejected) this.reportFailure(options, entryPoint, error);
    const extensions: Extension<P, O>[] = [];
    for (const entryPoint of selected) {
      try {
        const plugin = await loadEntryPoint(entryPoint);
        const obj = options.invokeOnLoad ? await invoke(plugin, options.invokeArgs ?? [], entryPoint) : undefined;
        extensions.push(new Extension(entryPoint.name, entryPoint, plugin as P, obj as O | undefined));
      } catch (error) {
        if (!(error instanceof EntryPointError)) throw error;
        this.reportFailure(options, entryPoint, error);
      }
    }
    this.setExtensions(extensions);
  }

  protected reportFailure(options: ManagerOptions, entryPoint: EntryPoint | undefined, error: EntryPointError): void {
    if (options.strict) throw error;
    this.failures.push({ entryPoint, error });
    if (options.onLoadFailure) options.onLoadFailure(this as ExtensionManager, entryPoint, error);
    else
      this.logger.warn(`Could not load ${entryPoint ? `"${entryPoint.name}"` : 'a package'} in ${this.namespace}: ${error.message}`, {
        code: error.code,
        phase: error.phase,
      });
  }

  /** Names in the order map() uses them. */
  names(): string[] {
    return this.#extensions.map((extension) => extension.name);
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  /** The extension called `name`; throws NoMatchesError naming what exists. */
  get(name: string): Extension<P, O> {
    const found = this.#byName.get(name)?.[0];
    if (!found) {
      throw new NoMatchesError(`no extension "${name}" is loaded; loaded: ${this.names().join(', ') || 'none'}`, { namespace: this.namespace, entry: name });
    }
    return found;
  }

  /** Every extension called `name` (several under the `all` conflict policy). */
  getAll(name: string): readonly Extension<P, O>[] {
    return this.#byName.get(name) ?? [];
  }

  [Symbol.iterator](): Iterator<Extension<P, O>> {
    return this.#extensions[Symbol.iterator]();
  }

  /**
   * Calls `fn(extension, ...args)` for each extension in order, awaiting each,
   * and returns the results. An error is logged and skipped unless
   * propagateMapExceptions is set.
   */
  async map<R, A extends unknown[]>(fn: (extension: Extension<P, O>, ...args: A) => R | Promise<R>, ...args: A): Promise<R[]> {
    return this.mapOver(this.#extensions, fn, args);
  }

  /** Calls `obj[method](...args)` on each invoked extension. */
  async mapMethod(method: string, ...args: unknown[]): Promise<unknown[]> {
    return this.mapOver(this.#extensions, (extension) => callMethod(extension, method, args), []);
  }

  protected async mapOver<R, A extends unknown[]>(
    extensions: readonly Extension<P, O>[],
    fn: (extension: Extension<P, O>, ...args: A) => R | Promise<R>,
    args: A,
  ): Promise<R[]> {
    if (this.#extensions.length === 0) {
      throw new NoMatchesError(`no ${this.namespace} extensions found; install a package that provides one`, { namespace: this.namespace });
    }
    const results: R[] = [];
    for (const extension of extensions) {
      try {
        results.push(await fn(extension, ...args));
      } catch (error) {
        if (this.propagateMapExceptions) throw error;
        this.logger.warn(`error calling extension "${extension.name}" of ${this.namespace}: ${error instanceof Error ? error.message : String(error)}`, {
          error,
        });
      }
    }
    return results;
  }
}

export function callMethod(extension: Extension, method: string, args: readonly unknown[]): unknown {
  const target = extension.obj as Record<string, unknown> | undefined;
  const fn = target?.[method];
  if (typeof fn !== 'function') {
    throw new TypeError(`extension "${extension.name}" has no method ${method}${target === undefined ? ' (was it loaded with invokeOnLoad?)' : ''}`);
  }
  return (fn as (...a: unknown[]) => unknown).apply(target, [...args]);
}
