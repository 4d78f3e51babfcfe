import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { TestkitError } from './errors.js';

function packageName(dir: string): string {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) {
    throw new TestkitError('TESTKIT_NOT_A_PACKAGE', `${dir} has no package.json: pass the directory of a plugin package to startServer's "packages".`);
  }
  const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
  if (typeof name !== 'string' || name === '') {
    throw new TestkitError('TESTKIT_NOT_A_PACKAGE', `${manifest} has no "name": a plugin package needs one to be discovered.`);
  }
  return name;
}

/**
 * A node_modules directory under `dir` holding links to the given package
 * directories, which discovery then scans like installed packages: a plugin
 * given by path is found by its entry-point names, as once it is installed.
 */
export function linkPackages(dir: string, packageDirs: readonly string[]): string {
  const modules = join(dir, 'node_modules');
  mkdirSync(modules, { recursive: true });
  for (const packageDir of packageDirs) {
    const target = resolve(packageDir);
    const link = join(modules, packageName(target));
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
  return modules;
}
