#!/usr/bin/env node
// @ts-check
/**
 * Builds the workspace packages whose build inputs changed since their last
 * build, in dependency order, two (or as many as there are cores) at a time.
 * `pnpm start` runs it instead of the full `pnpm build`, so that a second
 * start with nothing changed does not spend minutes on tsup's declaration
 * builds. CI keeps the full `pnpm build`.
 *
 * A package is rebuilt when any of these changed since the build recorded in
 * node_modules/.cache/build-changed/ (compared by content, so a touched or
 * checked-out-again file with the same bytes costs nothing):
 *   - its own inputs: src/, package.json, tsconfig*.json, tsup.config.*;
 *   - the shared inputs: the root tsup.config.ts, tsconfig.base.json and
 *     pnpm-lock.yaml (the build tools' and bundled dependencies' versions);
 *   - the declarations (dist/**.d.ts) and package.json of a workspace package
 *     it depends on: a dependency's JavaScript is imported at run time, not
 *     built in, so a change that leaves its types alone rebuilds it alone;
 *   - its dist/ itself (deleted, or written by another build since, such as
 *     `pnpm build` on another branch).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * @typedef {{ name: string, version?: string, scripts?: Record<string, string>,
 *   dependencies?: Record<string, string>, peerDependencies?: Record<string, string> }} Manifest
 * @typedef {{ name: string, dir: string, manifest: Manifest, deps: string[] }} WorkspacePackage
 * @typedef {{ inputs: Record<string, string>, deps: Record<string, string>, outputs: Record<string, string> }} Stamp
 * @typedef {{ name: string, reason: string | null }} Decision
 * @typedef {{ name: string, built: boolean, reason: string | null, ms: number }} Outcome
 * @typedef {{ root: string, target?: string, jobs?: number, dryRun?: boolean, log?: (line: string) => void }} BuildChangedOptions
 */

/** Stamps of the last successful builds, one file per package. Under node_modules: never committed, never published. */
export const CACHE_DIR = 'node_modules/.cache/build-changed';
/** What every package's build reads besides its own files (the root tsup recipe, compiler options, tool and bundled-dependency versions). */
export const SHARED_INPUTS = ['tsup.config.ts', 'tsconfig.base.json', 'pnpm-lock.yaml'];
/** A package's own build inputs: its sources and the files that configure its build. */
const OWN_INPUT = /^(?:src\/.+|package\.json|tsconfig(?:\.[\w-]+)?\.json|tsup\.config\.[cm]?[jt]s)$/;
const OUTPUT_DIR = 'dist';
const DECLARATION = /\.d\.[cm]?ts$/;

/** A mistake in the workspace or the command line (exit 2), or a failed build (exit 1), with a stable code. */
export class BuildChangedError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.name = 'BuildChangedError';
    /** @readonly */
    this.code = code;
  }
}

/**
 * The folder patterns of pnpm-workspace.yaml's `packages:` list. Only the
 * forms this workspace uses are accepted (`dir/*` and `dir`); anything else
 * is refused rather than half understood.
 * @param {string} text
 * @returns {string[]}
 */
export function workspacePatterns(text) {
  /** @type {string[]} */
  const patterns = [];
  let inPackages = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\S/.test(line)) {
      inPackages = /^packages:\s*$/.test(line);
      continue;
    }
    if (!inPackages || line.trim() === '' || line.trim().startsWith('#')) continue;
    const match = /^\s+-\s+(['"]?)([^'"\s#]+)\1\s*(?:#.*)?$/.exec(line);
    if (!match || !/^[\w.@-]+(?:\/[\w.@-]+)*(?:\/\*)?$/.test(match[2] ?? '')) {
      throw new BuildChangedError('BUILD_CHANGED_WORKSPACE', `pnpm-workspace.yaml: cannot read "${line.trim()}" (expected "- dir/*" or "- dir")`);
    }
    patterns.push(/** @type {string} */ (match[2]));
  }
  return patterns;
}

/**
 * @param {string} file
 * @returns {Manifest}
 */
function readManifest(file) {
  return /** @type {Manifest} */ (JSON.parse(readFileSync(file, 'utf8')));
}

/**
 * Every package of the workspace rooted at `root`, by name, with the
 * workspace packages it imports (`workspace:` dependencies and peer
 * dependencies; dev dependencies are for tests and do not affect a build).
 * @param {string} root
 * @returns {Map<string, WorkspacePackage>}
 */
export function workspacePackages(root) {
  const file = join(root, 'pnpm-workspace.yaml');
  if (!existsSync(file)) throw new BuildChangedError('BUILD_CHANGED_WORKSPACE', `${file} is missing: run from the workspace root or pass --root`);
  /** @type {string[]} */
  const dirs = [];
  for (const pattern of workspacePatterns(readFileSync(file, 'utf8'))) {
    if (!pattern.endsWith('/*')) {
      dirs.push(join(root, pattern));
      continue;
    }
    const parent = join(root, pattern.slice(0, -2));
    if (!existsSync(parent)) continue;
    for (const entry of readdirSync(parent, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) dirs.push(join(parent, entry.name));
    }
  }
  /** @type {Map<string, WorkspacePackage>} */
  const packages = new Map();
  for (const dir of dirs) {
    if (!existsSync(join(dir, 'package.json'))) continue;
    const manifest = readManifest(join(dir, 'package.json'));
    packages.set(manifest.name, { name: manifest.name, dir, manifest, deps: [] });
  }
  for (const pkg of packages.values()) {
    const declared = { ...pkg.manifest.peerDependencies, ...pkg.manifest.dependencies };
    pkg.deps = Object.keys(declared)
      .filter((name) => declared[name]?.startsWith('workspace:') && packages.has(name))
      .sort();
  }
  return packages;
}

/**
 * The packages to consider: with `target` (a folder relative to the root),
 * that package and everything it imports, transitively; without, the whole
 * workspace. Only packages with a `build` script are built. Returned in
 * dependency order; a cycle is refused.
 * @param {Map<string, WorkspacePackage>} packages
 * @param {string} root
 * @param {string} [target]
 * @returns {WorkspacePackage[]}
 */
export function selectPackages(packages, root, target) {
  /** @type {Set<string>} */
  const wanted = new Set();
  if (target === undefined) {
    for (const name of packages.keys()) wanted.add(name);
  } else {
    const dir = resolve(root, target);
    const start = [...packages.values()].find((pkg) => pkg.dir === dir);
    if (!start) throw new BuildChangedError('BUILD_CHANGED_TARGET', `${target} is not a package of the workspace at ${root}`);
    const stack = [start.name];
    while (stack.length > 0) {
      const name = /** @type {string} */ (stack.pop());
      if (wanted.has(name)) continue;
      wanted.add(name);
      stack.push(...(packages.get(name)?.deps ?? []));
    }
  }
  /** @type {WorkspacePackage[]} */
  const ordered = [];
  /** @type {Map<string, 'visiting' | 'done'>} */
  const state = new Map();
  /**
   * @param {string} name
   * @param {string[]} path
   */
  const visit = (name, path) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      throw new BuildChangedError('BUILD_CHANGED_CYCLE', `workspace dependencies form a cycle: ${[...path.slice(path.indexOf(name)), name].join(' -> ')}`);
    }
    state.set(name, 'visiting');
    const pkg = /** @type {WorkspacePackage} */ (packages.get(name));
    for (const dep of pkg.deps) if (wanted.has(dep)) visit(dep, [...path, name]);
    state.set(name, 'done');
    if (pkg.manifest.scripts?.['build'] !== undefined) ordered.push(pkg);
  };
  for (const name of [...wanted].sort()) visit(name, []);
  return ordered;
}

/**
 * Files under `dir`, as paths relative to `base` with forward slashes, sorted.
 * @param {string} dir
 * @param {string} base
 * @returns {string[]}
 */
function filesUnder(dir, base) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(base, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/**
 * @param {string} file
 * @returns {string}
 */
function hashFile(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * Content hashes of a package's build inputs: its own (relative paths) and
 * the shared ones (prefixed with `//`, the workspace root).
 * @param {string} root
 * @param {WorkspacePackage} pkg
 * @returns {Record<string, string>}
 */
export function inputHashes(root, pkg) {
  /** @type {Record<string, string>} */
  const hashes = {};
  const own = [...readdirSync(pkg.dir).filter((name) => OWN_INPUT.test(name)), ...filesUnder(join(pkg.dir, 'src'), pkg.dir)];
  for (const file of own.sort()) if (OWN_INPUT.test(file)) hashes[file] = hashFile(join(pkg.dir, file));
  for (const file of SHARED_INPUTS) if (existsSync(join(root, file))) hashes[`//${file}`] = hashFile(join(root, file));
  return hashes;
}

/**
 * @param {WorkspacePackage} pkg
 * @returns {Record<string, string>}
 */
export function outputHashes(pkg) {
  /** @type {Record<string, string>} */
  const hashes = {};
  for (const file of filesUnder(join(pkg.dir, OUTPUT_DIR), pkg.dir)) hashes[file] = hashFile(join(pkg.dir, file));
  return hashes;
}

/**
 * What a dependent's build sees of a package: its declarations and its
 * package.json (exports, types), as one hash.
 * @param {WorkspacePackage} pkg
 * @param {Record<string, string>} outputs
 * @returns {string}
 */
function typesHash(pkg, outputs) {
  const hash = createHash('sha256').update(hashFile(join(pkg.dir, 'package.json')));
  for (const [file, digest] of Object.entries(outputs)) if (DECLARATION.test(file)) hash.update(`${file}\0${digest}\0`);
  return hash.digest('hex');
}

/**
 * @param {string} root
 * @param {string} name
 * @returns {string}
 */
function stampFile(root, name) {
  return join(root, CACHE_DIR, `${name.replace(/\//g, '+')}.json`);
}

/**
 * @param {string} root
 * @param {string} name
 * @returns {Stamp | undefined}
 */
function readStamp(root, name) {
  try {
    return /** @type {Stamp} */ (JSON.parse(readFileSync(stampFile(root, name), 'utf8')));
  } catch {
    return undefined;
  }
}

/**
 * Names the keys whose values differ between two hash maps, a few of them.
 * @param {Record<string, string>} before
 * @param {Record<string, string>} now
 * @returns {string[]}
 */
function changedKeys(before, now) {
  const keys = new Set([...Object.keys(before), ...Object.keys(now)]);
  return [...keys].filter((key) => before[key] !== now[key]).sort();
}

/**
 * @param {string[]} items
 * @returns {string}
 */
function some(items) {
  return items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;
}

/**
 * Why `pkg` must be built, or null when its last build is current.
 * @param {Stamp | undefined} stamp
 * @param {{ inputs: Record<string, string>, deps: Record<string, string>, outputs: Record<string, string> }} now
 * @returns {string | null}
 */
export function rebuildReason(stamp, now) {
  if (!stamp) return 'no build recorded';
  const outputs = changedKeys(stamp.outputs, now.outputs);
  if (outputs.length > 0) return `${OUTPUT_DIR}/ is not what the last build wrote (${some(outputs)})`;
  const inputs = changedKeys(stamp.inputs, now.inputs).map((key) => key.replace(/^\/\//, 'workspace root: '));
  if (inputs.length > 0) return `changed: ${some(inputs)}`;
  const deps = changedKeys(stamp.deps, now.deps);
  if (deps.length > 0) return `types changed in ${some(deps)}`;
  return null;
}

/**
 * Runs the package's `build` script as `pnpm run build` would: in its
 * folder, through the shell, with its and the root's node_modules/.bin first
 * on PATH. Resolves with the combined output; rejects with it on failure.
 * @param {string} root
 * @param {WorkspacePackage} pkg
 * @returns {Promise<string>}
 */
function runBuildScript(root, pkg) {
  const script = /** @type {string} */ (pkg.manifest.scripts?.['build']);
  const path = [join(pkg.dir, 'node_modules/.bin'), join(root, 'node_modules/.bin'), process.env['PATH'] ?? ''].join(delimiter);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(script, { cwd: pkg.dir, shell: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATH: path } });
    /** @type {Buffer[]} */
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => reject(new BuildChangedError('BUILD_CHANGED_FAILED', `${pkg.name}: could not run "${script}": ${error.message}`)));
    child.on('close', (code, signal) => {
      const text = Buffer.concat(output).toString('utf8');
      if (code === 0) resolvePromise(text);
      else reject(new BuildChangedError('BUILD_CHANGED_FAILED', `${pkg.name}: "${script}" failed (${signal ?? `exit ${code}`}) in ${pkg.dir}:\n${text}`));
    });
  });
}

/**
 * Builds what changed among the selected packages, each after the workspace
 * packages it imports. Packages whose dependencies are not finished wait;
 * up to `jobs` builds run at once. After a failure no new build starts, the
 * running ones finish, and the first failure is thrown.
 * @param {BuildChangedOptions} options
 * @returns {Promise<Outcome[]>}
 */
export async function buildChanged(options) {
  const root = resolve(options.root);
  const log = options.log ?? (() => {});
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  const packages = workspacePackages(root);
  const selected = selectPackages(packages, root, options.target);
  const selectedNames = new Set(selected.map((pkg) => pkg.name));
  /** @type {Map<string, string>} types of finished packages, for their dependents' fingerprints */
  const types = new Map();
  /** @type {Outcome[]} */
  const outcomes = [];
  /** @type {Map<string, Promise<void>>} */
  const running = new Map();
  const pending = [...selected];
  /** @type {BuildChangedError | undefined} */
  let failure;

  /**
   * Types of a dependency outside the selection with no build script, or unbuilt: what its dist holds now.
   * @param {string} name
   * @returns {string}
   */
  const typesOf = (name) => {
    const known = types.get(name);
    if (known !== undefined) return known;
    const dep = /** @type {WorkspacePackage} */ (packages.get(name));
    return typesHash(dep, outputHashes(dep));
  };

  /**
   * @param {WorkspacePackage} pkg
   * @returns {Promise<void>}
   */
  const consider = async (pkg) => {
    const started = Date.now();
    const now = {
      inputs: inputHashes(root, pkg),
      deps: Object.fromEntries(pkg.deps.map((dep) => [dep, typesOf(dep)])),
      outputs: outputHashes(pkg),
    };
    const reason = rebuildReason(readStamp(root, pkg.name), now);
    if (reason === null || options.dryRun) {
      if (reason !== null) log(`${pkg.name}: would build (${reason})`);
      types.set(pkg.name, typesHash(pkg, now.outputs));
      outcomes.push({ name: pkg.name, built: false, reason, ms: Date.now() - started });
      return;
    }
    log(`${pkg.name}: building (${reason})`);
    // No stamp while building: an interrupted build is redone next time.
    rmSync(stampFile(root, pkg.name), { force: true });
    await runBuildScript(root, pkg);
    const outputs = outputHashes(pkg);
    mkdirSync(join(root, CACHE_DIR), { recursive: true });
    writeFileSync(stampFile(root, pkg.name), `${JSON.stringify({ inputs: now.inputs, deps: now.deps, outputs })}\n`);
    types.set(pkg.name, typesHash(pkg, outputs));
    const ms = Date.now() - started;
    log(`${pkg.name}: built in ${(ms / 1000).toFixed(1)} s`);
    outcomes.push({ name: pkg.name, built: true, reason, ms });
  };

  while (pending.length > 0 || running.size > 0) {
    if (failure === undefined) {
      for (let i = 0; i < pending.length && running.size < jobs; ) {
        const pkg = /** @type {WorkspacePackage} */ (pending[i]);
        if (pkg.deps.some((dep) => selectedNames.has(dep) && !types.has(dep))) {
          i += 1;
          continue;
        }
        pending.splice(i, 1);
        const task = consider(pkg).catch((/** @type {unknown} */ error) => {
          failure ??= error instanceof BuildChangedError ? error : new BuildChangedError('BUILD_CHANGED_FAILED', `${pkg.name}: ${String(error)}`);
        });
        running.set(
          pkg.name,
          task.finally(() => running.delete(pkg.name)),
        );
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  if (failure) throw failure;
  return outcomes;
}

const USAGE = `Usage: node tools/build-changed/build-changed.mjs [--for <package folder>] [--jobs <n>] [--dry-run] [--root <workspace>]

Builds the workspace packages whose sources, build configuration or
dependencies' types changed since their last build (all packages, or the
package --for names and what it imports). --dry-run says what would build
and why. Exit status: 0 built or up to date, 1 a build failed, 2 bad usage.`;

/**
 * @param {string[]} args
 * @returns {Promise<number>}
 */
export async function main(args) {
  /** @type {{ for?: string, jobs?: string, 'dry-run'?: boolean, root?: string, help?: boolean }} */
  let values;
  try {
    values = parseArgs({
      args,
      options: {
        for: { type: 'string' },
        jobs: { type: 'string' },
        'dry-run': { type: 'boolean' },
        root: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`build-changed: ${/** @type {Error} */ (error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs > 0)) {
    process.stderr.write(`build-changed: --jobs takes a positive whole number, not "${values.jobs}"\n`);
    return 2;
  }
  const started = Date.now();
  try {
    const outcomes = await buildChanged({
      root: values.root ?? resolve(dirname(fileURLToPath(import.meta.url)), '../..'),
      ...(values.for === undefined ? {} : { target: values.for }),
      ...(jobs === undefined ? {} : { jobs }),
      dryRun: values['dry-run'] === true,
      log: (line) => process.stderr.write(`build-changed: ${line}\n`),
    });
    const built = outcomes.filter((outcome) => outcome.built).length;
    const current = outcomes.filter((outcome) => outcome.reason === null).length;
    process.stderr.write(`build-changed: ${built} built, ${current} up to date, in ${((Date.now() - started) / 1000).toFixed(2)} s\n`);
    return 0;
  } catch (error) {
    if (error instanceof BuildChangedError) {
      process.stderr.write(`build-changed: ${error.message} [${error.code}]\n`);
      return error.code === 'BUILD_CHANGED_FAILED' ? 1 : 2;
    }
    throw error;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
