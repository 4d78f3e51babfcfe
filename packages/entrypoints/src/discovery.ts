import { readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EntryPoint, PackageInfo } from './entry-point.js';
import { byNamespace, cacheEnabled, cacheKey, ScanCache } from './scan-cache.js';
import { scan, type ScanResult, type ShadowedPackage, type SkippedPackage } from './scan.js';
import { ownPackageDirs, searchPaths, type SearchPathOptions } from './search-paths.js';

export interface DiscoveryOptions extends SearchPathOptions {
  /** Use the on-disk scan cache (default: true unless NET_SERVER_ENTRYPOINTS_CACHE=0). */
  cache?: boolean;
  /**
   * The namespace to be asked for first (managers pass theirs): a warm start
   * reads only that namespace's part of the disk cache, and the rest when
   * something asks for it.
   */
  namespace?: string;
}

/** Everything installed for one application root, read from package.json files only. */
export class Discovery {
  readonly searchPaths: readonly string[];
  #result: ScanResult | undefined;
  #skipped: readonly SkippedPackage[] | undefined;
  #byNamespace = new Map<string, readonly EntryPoint[]>();
  readonly #cache: ScanCache | undefined;

  /**
   * `result` in {@link sortScanResult}'s order, as the disk cache keeps it;
   * or a disk cache, of which the part for `first` (the whole without one)
   * is read now, so that a cache that is not current is scanned again now.
   */
  constructor(result: ScanResult | ScanCache, paths: readonly string[], first?: string) {
    this.searchPaths = paths;
    if (!(result instanceof ScanCache)) {
      this.#adopt(result);
      return;
    }
    this.#cache = result;
    if (first === undefined || !this.#readPart(first)) this.#whole(first);
  }

  #adopt(result: ScanResult): ScanResult {
    this.#result = result;
    this.#skipped = result.skipped;
    this.#byNamespace = byNamespace(result.entryPoints);
    return result;
  }

  /** The whole scan, read or scanned once; `wanted` is the namespace that asks for it. */
  #whole(wanted?: string): ScanResult {
    return this.#result ?? this.#adopt((this.#cache as ScanCache).whole(wanted));
  }

  /** Reads one namespace's part of the disk cache; false when it has none that is current. */
  #readPart(namespace: string): boolean {
    const part = this.#result ? undefined : this.#cache?.part(namespace);
    if (!part) return false;
    this.#skipped = part.skipped;
    this.#byNamespace.set(namespace, part.entryPoints);
    return true;
  }

  get packages(): readonly PackageInfo[] {
    return this.#whole().packages;
  }

  get skipped(): readonly SkippedPackage[] {
    return this.#skipped ?? this.#whole().skipped;
  }

  get shadowed(): readonly ShadowedPackage[] {
    return this.#whole().shadowed;
  }

  /** Entry points of one namespace, or of all, in a machine-independent order. */
  entryPoints(namespace?: string): readonly EntryPoint[] {
    if (namespace === undefined) {
      this.#whole();
      return [...this.#byNamespace.values()].flat();
    }
    const known = this.#byNamespace.get(namespace);
    if (known) return known;
    if (!this.#readPart(namespace)) this.#whole(namespace);
    return this.#byNamespace.get(namespace) ?? [];
  }

  namespaces(): string[] {
    this.#whole();
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
  const fresh = (): ScanResult => sortScanResult(scan(paths, own));
  if (!useCache) {
    const discovery = new Discovery(fresh(), paths);
    memo.set(key, discovery);
    return discovery;
  }
  const known = memo.get(key);
  if (known) return known;
  const discovery = new Discovery(new ScanCache(key, fresh), paths, options.namespace);
  memo.set(key, discovery);
  return discovery;
}

/** Forget in-process discoveries, e.g. after installing a package at run time. */
export function refresh(): void {
  memo.clear();
}
