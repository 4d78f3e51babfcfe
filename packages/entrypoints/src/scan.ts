import { readFileSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
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
export function scan(searchDirs: readonly string[], rootDir: string): ScanResult {
  const entryPoints: EntryPoint[] = [];
  const packages: PackageInfo[] = [];
  const skipped: SkippedPackage[] = [];
  const validators: Validator[] = [];
  const seenDirs = new Set<string>();
  const seenPackages = new Set<string>();
  const queue: string[] = [];

  const visitPackage = (dir: string, linked: boolean, isRoot: boolean): void => {
    if (seenPackages.has(dir)) return;
    seenPackages.add(dir);
    const file = join(dir, 'package.json');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      // A directory without package.json in node_modules is not a package.
      if (isRoot) validators.push({ path: file, stamp: '' });
      else if (errorCode(error) !== 'ENOENT' && errorCode(error) !== 'ENOTDIR') {
        skipped.push({ path: file, error: new PackageReadError(`cannot read package.json: ${(error as Error).message}`, { file }) });
      }
      return;
    }
    if (linked || isRoot) validators.push({ path: file, stamp: stamp(file) });
    if (mayDeclareEntryPoints(text)) {
      const manifest = parseManifest(text, file, dir, linked);
      if ('entryPoints' in manifest) {
        if (manifest.entryPoints.length > 0) {
          const info = manifest.entryPoints[0]!.package;
          packages.push(info);
          entryPoints.push(...manifest.entryPoints);
          if (!linked && !isRoot) validators.push({ path: file, stamp: stamp(file) });
        }
      } else {
        skipped.push({ path: file, error: manifest, text });
        validators.push({ path: file, stamp: stamp(file) });
      }
    }
    // The root's own node_modules is already the first search directory.
    if (!isRoot) queue.push(join(dir, 'node_modules'));
  };

  const visitEntry = (parent: string, entry: Dirent, scoped: boolean): void => {
    let dir = join(parent, entry.name);
    let linked = false;
    if (entry.isSymbolicLink()) {
      const link = dir;
      try {
        dir = realpathSync.native(link);
      } catch (error) {
        skipped.push({ path: link, error: new PackageReadError(`broken link in node_modules (${errorCode(error) as string}); reinstall to repair it`, { file: link }) });
        return;
      }
      linked = !dir.includes(NODE_MODULES);
      // pnpm: the dependencies of a linked-in package sit beside it in its
      // virtual-store node_modules directory.
      const container = scoped ? dirname(dirname(dir)) : dirname(dir);
      if (!linked && basename(container) === 'node_modules') queue.push(container);
    } else if (!entry.isDirectory()) {
      return;
    }
    visitPackage(dir, linked, false);
  };

  const listDir = (dir: string): Dirent[] => {
    try {
      return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return [];
    }
  };

  // The application itself may declare entry points (a plugin under test).
  visitPackage(rootDirReal(rootDir), false, true);

  queue.push(...searchDirs);
  for (let i = 0; i < queue.length; i++) {
    const dir = queue[i] as string;
    const topLevel = i < searchDirs.length;
    let real: string;
    try {
      real = realpathSync.native(dir);
    } catch {
      if (topLevel) validators.push({ path: dir, stamp: '' });
      continue;
    }
    if (seenDirs.has(real)) continue;
    seenDirs.add(real);
    if (topLevel) {
      validators.push({ path: real, stamp: stamp(real) });
      for (const marker of INSTALL_MARKERS) validators.push({ path: join(real, marker), stamp: stamp(join(real, marker)) });
    }
    for (const entry of listDir(real)) {
      const first = entry.name.charCodeAt(0);
      if (first === 46 /* "." */) continue;
      if (first === 64 /* "@" */) {
        const scopeDir = join(real, entry.name);
        if (topLevel) validators.push({ path: scopeDir, stamp: stamp(scopeDir) });
        for (const scopedEntry of listDir(scopeDir)) visitEntry(scopeDir, scopedEntry, true);
      } else {
        visitEntry(real, entry, false);
      }
    }
  }
  const shadowed = removeShadowed(packages, entryPoints, searchDirs);
  return { entryPoints: shadowed.entryPoints, packages: shadowed.packages, skipped, shadowed: shadowed.shadowed, validators };
}

function rootDirReal(dir: string): string {
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
