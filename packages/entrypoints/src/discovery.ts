import { readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EntryPoint, PackageInfo } from './entry-point.js';
import { cacheEnabled, cacheKey, readCache, writeCache } from './scan-cache.js';
import { scan, type ScanResult, type ShadowedPackage, type SkippedPackage } from './scan.js';
import { ownPackageDirs, searchPaths, type SearchPathOptions } from './search-paths.js';

export interface DiscoveryOptions extends SearchPathOptions {
  /** Use the on-disk scan cache (default: true unless NET_SERVER_ENTRYPOINTS_CACHE=0). */
  cache?: boolean;
}

/** Everything installed for one application root, read from package.json files only. */
export class Discovery {
  readonly packages: readonly PackageInfo[];
  readonly skipped: readonly SkippedPackage[];
  readonly shadowed: readonly ShadowedPackage[];
  readonly searchPaths: readonly string[];
  readonly #byNamespace = new Map<string, EntryPoint[]>();

  /** `result` in {@link sortScanResult}'s order, as the disk cache keeps it. */
  constructor(result: ScanResult, paths: readonly string[]) {
    this.packages = result.packages;
    this.skipped = result.skipped;
    this.shadowed = result.shadowed;
    this.searchPaths = paths;
    for (const entryPoint of result.entryPoints) {
      const list = this.#byNamespace.get(entryPoint.namespace);
      if (list) list.push(entryPoint);
      else this.#byNamespace.set(entryPoint.namespace, [entryPoint]);
    }
  }

  /** Entry points of one namespace, or of all, in a machine-independent order. */
  entryPoints(namespace?: string): readonly EntryPoint[] {
    if (namespace !== undefined) return this.#byNamespace.get(namespace) ?? [];
    return [...this.#byNamespace.values()].flat();
  }

  namespaces(): string[] {
    return [...this.#byNamespace.keys()];
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A scan's findings in a machine-independent order: sorted once when
 * scanned and stored so, a warm start reads them without sorting again.
 */
export function sortScanResult(result: ScanResult): ScanResult {
  return {
    ...result,
    packages: [...result.packages].sort((a, b) => compare(a.name, b.name) || compare(a.path, b.path)),
    skipped: [...result.skipped].sort((a, b) => compare(a.path, b.path)),
    shadowed: [...result.shadowed].sort((a, b) => compare(a.package.path, b.package.path)),
    entryPoints: [...result.entryPoints].sort(
      (a, b) =>
        compare(a.namespace, b.namespace) || compare(a.name, b.name) || compare(a.package.name, b.package.name) || compare(a.package.path, b.package.path),
    ),
  };
}

const loaderVersion = readLoaderVersion();
const memo = new Map<string, Discovery>();

function readLoaderVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return manifest.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function realRoot(root: string): string {
  try {
    return realpathSync.native(root);
  } catch {
    return root;
  }
}

/**
 * Discovers the entry points installed for an application root. Results are
 * kept for the life of the process (as stevedore does) and on disk between
 * processes; {@link refresh} forgets the in-process copy and `cache: false`
 * scans afresh.
 */
export function discover(options: DiscoveryOptions = {}): Discovery {
  const root = realRoot(resolve(options.root ?? process.cwd()));
  const paths = searchPaths({ ...options, root });
  const own = ownPackageDirs({ ...options, root });
  const key = cacheKey({ loader: loaderVersion, node: process.version, own, paths });
  const useCache = options.cache !== false && cacheEnabled();
  const known = useCache ? memo.get(key) : undefined;
  if (known) return known;
  let result = useCache ? readCache(key) : undefined;
  if (!result) {
    result = sortScanResult(scan(paths, own));
    if (useCache) writeCache(key, result);
  }
  const discovery = new Discovery(result, paths);
  memo.set(key, discovery);
  return discovery;
}

/** Forget in-process discoveries, e.g. after installing a package at run time. */
export function refresh(): void {
  memo.clear();
}
