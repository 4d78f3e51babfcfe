import { closeSync, openSync, readSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { PackageReadError, type EntryPointError } from './errors.js';
import type { EntryPoint, PackageInfo } from './entry-point.js';
import { mayDeclareEntryPoints, parseManifest } from './manifest.js';

/** A package that could not be used, and why. */
export interface SkippedPackage {
  /** The package.json (or link) at fault. */
  path: string;
  error: EntryPointError;
  /** Raw text, kept so strict mode can tell whether it mentions a namespace. */
  text?: string;
}

/** A second copy of a plugin package that Node would not resolve from the root. */
export interface ShadowedPackage {
  package: PackageInfo;
  /** The copy that is used instead. */
  winner: PackageInfo;
}

/** A file-system fact the scan depended on; a change invalidates the cache. */
export interface Validator {
  path: string;
  /** `mtime:ctime:ino:size` at full (nanosecond) precision; '' when missing. */
  stamp: string;
}

export interface ScanResult {
  entryPoints: EntryPoint[];
  packages: PackageInfo[];
  skipped: SkippedPackage[];
  shadowed: ShadowedPackage[];
  validators: Validator[];
}

// Files a package manager rewrites on every install, so a warm cache only
// needs to stat these and the top-level directories.
const INSTALL_MARKERS = ['.package-lock.json', '.modules.yaml', join('.pnpm', 'lock.yaml'), '.yarn-state.yml', '.yarn-integrity'];
const NODE_MODULES = `${sep}node_modules${sep}`;

export function stamp(path: string): string {
  const stats = statSync(path, { bigint: true, throwIfNoEntry: false });
  return stats ? `${stats.mtimeNs}:${stats.ctimeNs}:${stats.ino}:${stats.size}` : '';
}

// One buffer serves every manifest: readFileSync would stat each file and
// allocate a buffer per manifest, which a cold scan of a thousand pays for.
let manifestBuffer = Buffer.allocUnsafe(64 * 1024);

/** The bytes of a file, valid until the next call. */
function readManifest(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    let length = 0;
    for (;;) {
      const read = readSync(fd, manifestBuffer, length, manifestBuffer.length - length, length);
      length += read;
      if (read === 0 || length < manifestBuffer.length) return manifestBuffer.subarray(0, length);
      const larger = Buffer.allocUnsafe(manifestBuffer.length * 2);
      manifestBuffer.copy(larger);
      manifestBuffer = larger;
    }
  } finally {
    closeSync(fd);
  }
}

function errorCode(error: unknown): unknown {
  return (error as NodeJS.ErrnoException).code;
}

/**
 * Reads every package reachable from `searchDirs` (npm flat and nested,
 * pnpm isolated and hoisted, yarn node-modules, scoped, linked), reading
 * package.json files only. Directories are walked breadth first in
 * precedence order; each package's own node_modules and, for pnpm, the
 * virtual-store directory holding its dependencies, are queued after it.
 */
export function scan(searchDirs: readonly string[], ownDirs: readonly string[]): ScanResult {
  const scanner = new Scanner();
  // The application itself may declare entry points (a plugin under test),
  // and so may the host (its built-in plugins).
  for (const dir of ownDirs) scanner.visitPackage(realDir(dir), { linked: false, own: true, nested: false });
  scanner.walk(searchDirs);
  const { packages, entryPoints, shadowed } = removeShadowed(scanner.packages, scanner.entryPoints, searchDirs);
  return { entryPoints, packages, skipped: scanner.skipped, shadowed, validators: scanner.validators };
}

interface Visit {
  linked: boolean;
  /** Read as a package of its own: the application root or the host. */
  own: boolean;
  /** Whether the package may hold a nested node_modules (pnpm's store never does). */
  nested: boolean;
}

class Scanner {
  readonly entryPoints: EntryPoint[] = [];
  readonly packages: PackageInfo[] = [];
  readonly skipped: SkippedPackage[] = [];
  readonly validators: Validator[] = [];
  readonly #seenDirs = new Set<string>();
  readonly #seenPackages = new Set<string>();
  /**
   * Top-level node_modules that a package manager's install marker vouches
   * for: npm, pnpm and yarn rewrite it on every install, so the marker's
   * stamp stands for the manifests installed under it (as stevedore's cache
   * stands on its path entries' times), and a warm start need not stat each.
   */
  readonly #markedRoots: string[] = [];
  /** Directories still to list; those after the top level are already real paths. */
  readonly #queue: string[] = [];

  walk(searchDirs: readonly string[]): void {
    this.#queue.push(...searchDirs);
    for (let i = 0; i < this.#queue.length; i++) {
      const queued = this.#queue[i] as string;
      if (i >= searchDirs.length) {
        if (!this.#seenDirs.has(queued)) this.#listNodeModules(queued, false);
        continue;
      }
      let real: string;
      try {
        real = realpathSync.native(queued);
      } catch {
        this.validators.push({ path: queued, stamp: '' });
        continue;
      }
      if (this.#seenDirs.has(real)) continue;
      this.validators.push({ path: real, stamp: stamp(real) });
      let marked = false;
      for (const marker of INSTALL_MARKERS) {
        const markerStamp = stamp(join(real, marker));
        marked ||= markerStamp !== '';
        this.validators.push({ path: join(real, marker), stamp: markerStamp });
      }
      if (marked) this.#markedRoots.push(`${real}${sep}`);
      this.#listNodeModules(real, true);
    }
  }

  /** Returns false when `dir` holds no package.json (not a package). */
  visitPackage(dir: string, visit: Visit): boolean {
    if (this.#seenPackages.has(dir)) return true;
    const file = `${dir}${sep}package.json`;
    let bytes: Buffer;
    try {
      bytes = readManifest(file);
    } catch (error) {
      if (visit.own) this.validators.push({ path: file, stamp: '' });
      else if (errorCode(error) !== 'ENOENT' && errorCode(error) !== 'ENOTDIR') {
        this.skipped.push({ path: file, error: new PackageReadError(`cannot read package.json: ${(error as Error).message}`, { file }) });
        return true;
      }
      return false;
    }
    this.#seenPackages.add(dir);
    let watched = visit.linked || visit.own;
    if (mayDeclareEntryPoints(bytes)) {
      const text = bytes.toString('utf8');
      const manifest = parseManifest(text, file, dir, visit.linked);
      if (!('entryPoints' in manifest)) {
        this.skipped.push({ path: file, error: manifest, text });
        watched = true;
      } else if (manifest.entryPoints.length > 0) {
        this.packages.push(manifest.entryPoints[0]!.package);
        this.entryPoints.push(...manifest.entryPoints);
        watched ||= !this.#markedRoots.some((root) => file.startsWith(root));
      }
    }
    if (watched) this.validators.push({ path: file, stamp: stamp(file) });
    if (visit.nested && !visit.own) {
      const nested = `${dir}${sep}node_modules`;
      // stat first: most packages have no nested node_modules, and a
      // failed readdir costs an exception.
      if (statSync(nested, { throwIfNoEntry: false })?.isDirectory()) this.#queue.push(nested);
    }
    return true;
  }

  #listNodeModules(dir: string, topLevel: boolean): void {
    this.#seenDirs.add(dir);
    let store: string | undefined;
    for (const entry of listDir(dir)) {
      const first = entry.name.charCodeAt(0);
      if (first === 46 /* "." */) {
        if (entry.name === '.pnpm' && entry.isDirectory()) store = join(dir, entry.name);
      } else if (first === 64 /* "@" */) {
        const scopeDir = join(dir, entry.name);
        if (topLevel) this.validators.push({ path: scopeDir, stamp: stamp(scopeDir) });
        for (const scopedEntry of listDir(scopeDir)) this.#visitEntry(scopeDir, scopedEntry, true);
      } else {
        this.#visitEntry(dir, entry, false);
      }
    }
    if (store) this.#readPnpmStore(store);
  }

  #visitEntry(parent: string, entry: Dirent, scoped: boolean): void {
    let dir = `${parent}${sep}${entry.name}`;
    let linked = false;
    if (entry.isSymbolicLink()) {
      const link = dir;
      try {
        dir = realpathSync.native(link);
      } catch (error) {
        this.skipped.push({
          path: link,
          error: new PackageReadError(`broken link in node_modules (${errorCode(error) as string}); reinstall to repair it`, { file: link }),
        });
        return;
      }
      linked = !dir.includes(NODE_MODULES);
      // pnpm: the dependencies of a linked-in package sit beside it in its
      // virtual-store node_modules directory.
      const container = scoped ? dirname(dirname(dir)) : dirname(dir);
      if (!linked && basename(container) === 'node_modules' && !this.#seenDirs.has(container)) this.#queue.push(container);
    } else if (!entry.isDirectory()) {
      return;
    }
    this.visitPackage(dir, { linked, own: false, nested: true });
  }

  /**
   * pnpm's virtual store holds every installed package at
   * `.pnpm/<name>@<version>[_peers]/node_modules/<name>`; reading it
   * directly finds them all without resolving a link per dependency edge.
   */
  #readPnpmStore(store: string): void {
    for (const entry of listDir(store)) {
      if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const container = `${store}${sep}${entry.name}${sep}node_modules`;
      this.#seenDirs.add(container);
      const name = storePackageName(entry.name);
      const visit = { linked: false, own: false, nested: false };
      if (name !== undefined && this.visitPackage(`${container}${sep}${name.replace('/', sep)}`, visit)) continue;
      // Long names are hashed by pnpm: find the package as the real directory.
      for (const inner of listDir(container)) {
        if (inner.name.startsWith('@') && inner.isDirectory()) {
          for (const scoped of listDir(join(container, inner.name))) {
            if (scoped.isDirectory()) this.visitPackage(join(container, inner.name, scoped.name), visit);
          }
        } else if (inner.isDirectory()) {
          this.visitPackage(join(container, inner.name), visit);
        }
      }
    }
  }
}

/** `@scope+name@1.0.0_peer@2` -> `@scope/name`; undefined when it does not parse. */
function storePackageName(dirName: string): string | undefined {
  const at = dirName.indexOf('@', dirName.startsWith('@') ? 1 : 0);
  return at > 0 ? dirName.slice(0, at).replace('+', '/') : undefined;
}

function listDir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

function realDir(dir: string): string {
  try {
    return realpathSync.native(dir);
  } catch {
    return dir;
  }
}

/**
 * Keeps one copy per package name: the one Node resolves from the root's
 * node_modules chain, else the first found in precedence order.
 */
function removeShadowed(packages: PackageInfo[], entryPoints: EntryPoint[], searchDirs: readonly string[]) {
  const byName = new Map<string, PackageInfo[]>();
  for (const info of packages) byName.set(info.name, [...(byName.get(info.name) ?? []), info]);
  const shadowed: ShadowedPackage[] = [];
  const losers = new Set<PackageInfo>();
  for (const [name, copies] of byName) {
    if (copies.length < 2) continue;
    const winner = resolveFromChain(name, copies, searchDirs) ?? copies[0]!;
    for (const copy of copies) {
      if (copy === winner) continue;
      losers.add(copy);
      shadowed.push({ package: copy, winner });
    }
  }
  if (losers.size === 0) return { packages, entryPoints, shadowed };
  return {
    packages: packages.filter((info) => !losers.has(info)),
    entryPoints: entryPoints.filter((entryPoint) => !losers.has(entryPoint.package)),
    shadowed,
  };
}

function resolveFromChain(name: string, copies: PackageInfo[], searchDirs: readonly string[]): PackageInfo | undefined {
  for (const dir of searchDirs) {
    let real: string;
    try {
      real = realpathSync.native(join(dir, name));
    } catch {
      continue;
    }
    return copies.find((copy) => copy.path === real);
  }
  return undefined;
}
