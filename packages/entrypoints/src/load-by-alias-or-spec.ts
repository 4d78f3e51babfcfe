import { readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parseEntryPointValue, type EntryPoint } from './entry-point.js';
import { AliasOrSpecError, EntryPointError, ModuleNotFoundError } from './errors.js';
import { loadEntryPoint } from './load-entry-point.js';
import { DriverManager, type DriverManagerOptions } from './managers/driver-manager.js';
import { nodeModulesChain } from './search-paths.js';

export type AliasOrSpecOptions = Omit<DriverManagerOptions, 'namespace' | 'name' | 'invokeOnLoad' | 'invokeArgs'>;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Finds the package a bare specifier names, as Node would from `root`. */
function packageFor(specifier: string, root: string): { name: string; dir: string } | undefined {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
  for (const dir of nodeModulesChain(root)) {
    try {
      return { name, dir: realpathSync.native(join(dir, name)) };
    } catch {
      // not in this node_modules; keep walking up
    }
  }
  return undefined;
}

/**
 * Imports a `module:export` spec: a path (relative to `root`) or a package
 * specifier with an optional subpath, resolved through that package's
 * `exports` as Node would from `root`.
 */
export async function loadSpec(spec: string, namespace: string, root: string = process.cwd()): Promise<unknown> {
  const parsed = parseEntryPointValue(spec);
  if (!parsed) throw new ModuleNotFoundError(`"${spec}" is not a "module:export" spec`, { namespace, entry: spec });
  const isPath = parsed.module.startsWith('.') || isAbsolute(parsed.module);
  const found = isPath ? undefined : packageFor(parsed.module, root);
  if (!isPath && !found) {
    throw new ModuleNotFoundError(`no package "${parsed.module}" is installed for ${root}; install it or give a path`, { namespace, entry: spec });
  }
  // A path spec is treated as a file of a package rooted at its directory.
  const file = isPath ? resolve(root, parsed.module) : undefined;
  const dir = found ? found.dir : dirname(file as string);
  let version = '0.0.0';
  try {
    version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? version;
  } catch {
    // a path spec outside any package still loads
  }
  const entryPoint: EntryPoint = {
    namespace,
    name: spec,
    value: spec,
    module: file === undefined ? parsed.module : `./${basename(file)}`,
    exportName: parsed.exportName,
    package: { name: found?.name ?? 'application', version, path: dir, linked: false, peerDependencies: {} },
  };
  return loadEntryPoint(entryPoint);
}

/**
 * neutron's load_class_by_alias_or_classname: `name` is first looked up as
 * an entry point of `namespace`; failing that it is imported as a
 * `module:export` spec. When both fail, the error carries both reasons.
 */
export async function loadByAliasOrSpec<P = unknown>(namespace: string, name: string, options: AliasOrSpecOptions = {}): Promise<P> {
  if (!name) throw new AliasOrSpecError('no plugin name given; set it in the configuration', { namespace }, undefined, undefined);
  let aliasError: unknown;
  try {
    const manager = await DriverManager.load<P>({ ...options, namespace, name });
    return manager.plugin;
  } catch (error) {
    if (!(error instanceof EntryPointError)) throw error;
    aliasError = error;
  }
  try {
    return (await loadSpec(name, namespace, options.root)) as P;
  } catch (specError) {
    throw new AliasOrSpecError(
      `"${name}" is neither an installed ${namespace} plugin (${message(aliasError)}) nor an importable module:export spec (${message(specError)})`,
      { namespace, entry: name },
      aliasError,
      specError,
    );
  }
}
