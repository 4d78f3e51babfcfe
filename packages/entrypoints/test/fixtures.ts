import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/** Real package trees on disk, in the layouts npm, pnpm and workspaces produce. */
export interface PackageSpec {
  name: string;
  version?: string;
  entryPoints?: unknown;
  type?: 'module' | 'commonjs';
  exports?: unknown;
  peerDependencies?: Record<string, string>;
  /** Files relative to the package directory. */
  files?: Record<string, string>;
  /** Raw package.json text, for broken manifests. */
  raw?: string;
}

export function tempDir(prefix = 'ep-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function writeFile(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Writes a package into `dir` (the package directory itself). */
export function writePackage(dir: string, spec: PackageSpec): string {
  const { name, version = '1.0.0', entryPoints, type = 'module', exports, peerDependencies } = spec;
  const manifest = {
    name,
    version,
    type,
    ...(exports ? { exports } : {}),
    ...(peerDependencies ? { peerDependencies } : {}),
    ...(entryPoints ? { entryPoints } : {}),
  };
  writeFile(join(dir, 'package.json'), spec.raw ?? JSON.stringify(manifest, null, 2));
  for (const [file, text] of Object.entries(spec.files ?? {})) writeFile(join(dir, file), text);
  return dir;
}

/** npm/yarn/pnpm-hoisted: the package directly in `<nodeModules>/<name>`. */
export function install(nodeModules: string, spec: PackageSpec): string {
  return writePackage(join(nodeModules, spec.name), spec);
}

/**
 * pnpm isolated layout: the package lives in the virtual store
 * `.pnpm/<name>@<version>/node_modules/<name>`, its dependencies are links
 * beside it, and only direct dependencies are linked from the top level.
 */
export function pnpmInstall(root: string, spec: PackageSpec, dependencies: PackageSpec[] = [], direct = true): string {
  const store = join(root, 'node_modules', '.pnpm');
  const storeDir = (s: PackageSpec) => join(store, `${s.name.replace('/', '+')}@${s.version ?? '1.0.0'}`, 'node_modules');
  const dir = writePackage(join(storeDir(spec), spec.name), spec);
  for (const dependency of dependencies) {
    const target = join(storeDir(dependency), dependency.name);
    link(join(storeDir(spec), dependency.name), target);
  }
  if (direct) link(join(root, 'node_modules', spec.name), dir);
  return dir;
}

/** A relative symlink, as package managers make them. */
export function link(at: string, target: string): void {
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(relative(dirname(at), target), at, 'dir');
}
