import { existsSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where discovery looks, in precedence order. */
export interface SearchPathOptions {
  /** The application root; its node_modules and those of its parents come first. Default: cwd. */
  root?: string;
  /**
   * A file or directory inside the host package (e.g. `import.meta.url`), so
   * that a globally installed or npx-run host finds the plugins installed
   * beside it.
   */
  host?: string | URL;
  /** Extra node_modules-like directories, searched last. */
  paths?: readonly string[];
  /** Also search NODE_PATH, as Node's CommonJS resolver does. Default: true. */
  nodePath?: boolean;
}

/** The node_modules directories Node would search from `dir`, nearest first. */
export function nodeModulesChain(dir: string): string[] {
  const chain: string[] = [];
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (basename(current) !== 'node_modules') chain.push(join(current, 'node_modules'));
    if (dirname(current) === current) return chain;
  }
}

function toPath(location: string | URL): string {
  return location instanceof URL || location.startsWith('file:') ? fileURLToPath(location) : resolve(location);
}

/** The nearest directory at or above `location` holding a package.json. */
export function packageDirOf(location: string | URL): string | undefined {
  for (let current = toPath(location); ; current = dirname(current)) {
    if (existsSync(join(current, 'package.json'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

/**
 * Package directories whose own package.json is read too: the application
 * root (a plugin under development) and the host package (its built-in
 * plugins), in that order.
 */
export function ownPackageDirs(options: SearchPathOptions): string[] {
  const dirs = [resolve(options.root ?? process.cwd())];
  const hostDir = options.host === undefined ? undefined : packageDirOf(options.host);
  if (hostDir !== undefined && !dirs.includes(hostDir)) dirs.push(hostDir);
  return dirs;
}

export function searchPaths(options: SearchPathOptions): string[] {
  const root = resolve(options.root ?? process.cwd());
  const dirs = nodeModulesChain(root);
  if (options.host !== undefined) {
    const hostDir = packageDirOf(options.host);
    if (hostDir !== undefined) dirs.push(...nodeModulesChain(hostDir));
  }
  if (options.nodePath !== false && process.env['NODE_PATH']) {
    dirs.push(
      ...process.env['NODE_PATH']
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => resolve(dir)),
    );
  }
  dirs.push(...(options.paths ?? []).map((dir) => resolve(root, dir)));
  return [...new Set(dirs)];
}
