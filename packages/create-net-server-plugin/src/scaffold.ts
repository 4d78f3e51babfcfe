import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { netServerRanges, type NetServerPackage } from './dependency-ranges.js';
import { ScaffoldError } from './errors.js';
import type { PluginKind } from './kinds.js';
import { DEFAULT_LICENSE, licenseText, type License } from './licenses.js';
import { corePluginTemplate } from './templates/core-plugin.js';
import { mechanismDriverTemplate } from './templates/mechanism-driver.js';
import type { KindTemplate, PluginNames } from './templates/names.js';
import { packageFiles } from './templates/package-files.js';
import { servicePluginTemplate } from './templates/service-plugin.js';
import { typeDriverTemplate } from './templates/type-driver.js';

export interface ScaffoldOptions {
  /** Where to write the package; created if missing, must be empty. */
  directory: string;
  kind: PluginKind;
  /** npm package name; default: the directory's name. */
  packageName?: string;
  /** Entry-point name; default: the package name without scope and `net-server-`/kind prefixes. */
  alias?: string;
  /** Ranges of the net-server packages; default: those this generator release was built against. */
  ranges?: Record<NetServerPackage, string>;
  /** package.json `author` and the LICENSE's copyright holder; default: none, and "the <package> authors" in LICENSE. */
  author?: string;
  /** Default Apache-2.0, as OpenStack's and net-server's. */
  license?: License;
}

export interface ScaffoldResult {
  directory: string;
  packageName: string;
  alias: string;
  license: License;
  /** Paths written, relative to the directory. */
  files: string[];
}

const TEMPLATES: Readonly<Record<PluginKind, (names: PluginNames) => KindTemplate>> = {
  'mechanism-driver': mechanismDriverTemplate,
  'type-driver': typeDriverTemplate,
  'service-plugin': servicePluginTemplate,
  'core-plugin': corePluginTemplate,
};

const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
const ALIAS = /^[a-z][a-z0-9_]*$/;

/** Whether npm accepts `name` as a package name (lower case, digits, - . _, optionally @scope/). */
export function isValidPackageName(name: string): boolean {
  return PACKAGE_NAME.test(name) && name.length <= 214;
}

/** Why `directory` cannot receive a new package, or undefined when it can (missing, or empty). */
export function directoryProblem(directory: string): string | undefined {
  return existsSync(directory) && readdirSync(directory).length > 0
    ? `${directory} is not empty: choose a new directory so that nothing is overwritten.`
    : undefined;
}

/** The entry-point name a package name gives: without scope, `net-server-` and kind prefixes (`net-server-mech-acme` -> `acme`). */
export function defaultAlias(packageName: string): string {
  const bare = packageName.replace(/^@[^/]+\//, '').replace(/^net-server-/, '');
  const alias = bare.replace(/^(mech|mechanism|type|service|core|plugin)-/, '').replace(/[-.]/g, '_');
  return /^[a-z]/.test(alias) ? alias : `plugin_${alias}`;
}

function pascal(alias: string): string {
  return alias
    .split('_')
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** Writes a plugin package of `kind` into an empty directory. */
export function scaffold(options: ScaffoldOptions): ScaffoldResult {
  const directory = resolve(options.directory);
  const problem = directoryProblem(directory);
  if (problem !== undefined) throw new ScaffoldError('SCAFFOLD_NOT_EMPTY', problem);
  const packageName = options.packageName ?? basename(directory);
  if (!isValidPackageName(packageName)) {
    throw new ScaffoldError(
      'SCAFFOLD_BAD_NAME',
      `"${packageName}" is not a valid npm package name (lower case, digits, - . _, optionally @scope/): pass --name.`,
    );
  }
  const alias = options.alias ?? defaultAlias(packageName);
  if (!ALIAS.test(alias)) {
    throw new ScaffoldError('SCAFFOLD_BAD_ALIAS', `"${alias}" cannot be an entry-point name (a lower-case letter, then letters, digits or _): pass --alias.`);
  }
  const names: PluginNames = { packageName, alias, className: pascal(alias) };
  const template = TEMPLATES[options.kind](names);
  const license = options.license ?? DEFAULT_LICENSE;
  const author = options.author?.trim() || undefined;
  const files = {
    ...packageFiles({ kind: options.kind, names, template, ranges: options.ranges ?? netServerRanges(), license, ...(author === undefined ? {} : { author }) }),
    LICENSE: licenseText(license, { year: new Date().getFullYear(), packageName, ...(author === undefined ? {} : { author }) }),
    ...template.files,
  };
  for (const [path, text] of Object.entries(files)) {
    const target = join(directory, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return { directory, packageName, alias, license, files: Object.keys(files).sort() };
}
