import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ModuleNotFoundError } from './errors.js';
import type { EntryPoint } from './entry-point.js';

/**
 * Where the module of an entry point lives: a file of the declaring package
 * (`./dist/plugin.js`, `dist/plugin.js`) or a subpath of its `exports`
 * (`./plugin`, `<package>/plugin`), resolved against that exact copy of the
 * package, never through Node's resolver from elsewhere.
 */
const CONDITIONS = new Set(['node', 'import', 'module-sync', 'require', 'default']);

type ExportsField = string | null | readonly ExportsField[] | { readonly [key: string]: ExportsField };

const exportsByPackage = new Map<string, { exports?: ExportsField; main?: string }>();

function manifestOf(dir: string): { exports?: ExportsField; main?: string } {
  let manifest = exportsByPackage.get(dir);
  if (!manifest) {
    let json: { exports?: ExportsField; main?: string } = {};
    try {
      json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as typeof json;
    } catch {
      // A plain directory (a path spec) has no manifest: files resolve as paths.
    }
    manifest = { ...(json.exports === undefined ? {} : { exports: json.exports }), ...(json.main === undefined ? {} : { main: json.main }) };
    exportsByPackage.set(dir, manifest);
  }
  return manifest;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

function resolveTarget(target: ExportsField, match: string): string | undefined {
  if (typeof target === 'string') return target.replaceAll('*', match);
  if (target === null) return undefined;
  if (Array.isArray(target)) {
    for (const candidate of target as readonly ExportsField[]) {
      const resolved = resolveTarget(candidate, match);
      if (resolved !== undefined) return resolved;
    }
    return undefined;
  }
  for (const [condition, value] of Object.entries(target as Record<string, ExportsField>)) {
    if (CONDITIONS.has(condition)) {
      const resolved = resolveTarget(value, match);
      if (resolved !== undefined) return resolved;
    }
  }
  return undefined;
}

/** Resolves `subpath` ('.' or './x') through an `exports` field; undefined if not exported. */
export function resolveExports(exports: ExportsField, subpath: string): string | undefined {
  const map: Readonly<Record<string, ExportsField>> =
    typeof exports === 'object' && exports !== null && !Array.isArray(exports) && Object.keys(exports).some((key) => key.startsWith('.'))
      ? (exports as Readonly<Record<string, ExportsField>>)
      : { '.': exports };
  if (Object.hasOwn(map, subpath)) return resolveTarget(map[subpath] as ExportsField, '');
  let best: { key: string; match: string } | undefined;
  for (const key of Object.keys(map)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const [prefix, suffix] = [key.slice(0, star), key.slice(star + 1)];
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1) {
      if (!best || prefix.length > best.key.indexOf('*')) best = { key, match: subpath.slice(prefix.length, subpath.length - suffix.length) };
    }
  }
  return best ? resolveTarget(map[best.key] as ExportsField, best.match) : undefined;
}

export function resolveModule(entryPoint: EntryPoint): string {
  const { path: dir, name, version } = entryPoint.package;
  const context = { namespace: entryPoint.namespace, entry: entryPoint.name, package: name, version };
  const manifest = manifestOf(dir);
  const spec = entryPoint.module;
  const subpath = spec === name ? '.' : spec.startsWith(`${name}/`) ? `./${spec.slice(name.length + 1)}` : spec.startsWith('./') ? spec : `./${spec}`;
  let file: string | undefined;
  if (manifest.exports !== undefined) {
    const target = resolveExports(manifest.exports, subpath);
    if (target !== undefined) file = resolve(dir, target);
  }
  if (file === undefined) file = subpath === '.' ? resolve(dir, manifest.main ?? 'index.js') : resolve(dir, subpath);
  const inside = relative(dir, file);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw new ModuleNotFoundError(`module "${spec}" points outside its package; entry points may only name the package's own files`, { ...context, file });
  }
  if (!isFile(file)) {
    throw new ModuleNotFoundError(
      `module "${spec}" not found: no file ${file}; build the package, or fix the path (ESM paths need their extension, e.g. ./dist/plugin.js)`,
      { ...context, file },
    );
  }
  return file;
}
