import { DuplicateEntryPointError, IncompatibleHostError, PackageDeniedError, type EntryPointError } from './errors.js';
import type { EntryPoint } from './entry-point.js';
import { satisfies, validRange } from './semver.js';

/**
 * What to do when several packages declare one name in a namespace:
 * - `error`: use none of them and report a DuplicateEntryPointError;
 * - `first` / `last`: the first / last by package name (then path), the same
 *   order on every machine;
 * - `{ prefer: [...] }`: the candidate whose package comes first in the list
 *   (an error if none is listed);
 * - `all`: keep every one (hooks).
 */
export type ConflictPolicy = 'error' | 'first' | 'last' | 'all' | { prefer: readonly string[] };

export interface SelectionOptions {
  /** Only packages matching one of these (names or `@scope/*` patterns). */
  allow?: readonly string[];
  /** Never packages matching one of these. */
  deny?: readonly string[];
  /**
   * The running host APIs, package name -> version (e.g. `{"net-server":
   * "1.4.0"}`). A plugin whose peerDependencies name one of these with a
   * range the version does not satisfy is reported and never imported.
   */
  hostApis?: Readonly<Record<string, string>>;
  conflict?: ConflictPolicy;
}

export interface Rejection {
  entryPoint: EntryPoint;
  error: EntryPointError;
}

export interface Selection {
  selected: EntryPoint[];
  rejected: Rejection[];
}

function matches(patterns: readonly string[], name: string): boolean {
  return patterns.some((pattern) => (pattern.endsWith('/*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name));
}

function coordinates(entryPoint: EntryPoint) {
  return { namespace: entryPoint.namespace, entry: entryPoint.name, package: entryPoint.package.name, version: entryPoint.package.version };
}

function admissionError(entryPoint: EntryPoint, options: SelectionOptions): EntryPointError | undefined {
  const { name } = entryPoint.package;
  if (options.deny && matches(options.deny, name)) {
    return new PackageDeniedError('package is on the deny list; remove it from the list to use it', coordinates(entryPoint));
  }
  if (options.allow && !matches(options.allow, name)) {
    return new PackageDeniedError('package is not on the allow list; add it to the list to use it', coordinates(entryPoint));
  }
  for (const [host, version] of Object.entries(options.hostApis ?? {})) {
    const range = entryPoint.package.peerDependencies[host];
    if (range === undefined || range === '*' || range.startsWith('workspace:')) continue;
    if (!validRange(range) || !satisfies(version, range)) {
      return new IncompatibleHostError(
        `built for ${host}@${range} but ${host}@${version} is running; install a version of the plugin made for ${host}@${version}`,
        coordinates(entryPoint),
      );
    }
  }
  return undefined;
}

function resolveConflict(candidates: EntryPoint[], policy: ConflictPolicy): EntryPoint | undefined {
  if (policy === 'first') return candidates[0];
  if (policy === 'last') return candidates[candidates.length - 1];
  if (typeof policy === 'object') {
    for (const preferred of policy.prefer) {
      const found = candidates.find((candidate) => candidate.package.name === preferred);
      if (found) return found;
    }
  }
  return undefined;
}

/** Applies allow/deny lists, host compatibility and the conflict policy, without importing anything. */
export function selectEntryPoints(entryPoints: readonly EntryPoint[], options: SelectionOptions): Selection {
  const rejected: Rejection[] = [];
  const byName = new Map<string, EntryPoint[]>();
  for (const entryPoint of entryPoints) {
    const error = admissionError(entryPoint, options);
    if (error) rejected.push({ entryPoint, error });
    else byName.set(entryPoint.name, [...(byName.get(entryPoint.name) ?? []), entryPoint]);
  }
  const policy = options.conflict ?? 'error';
  const selected: EntryPoint[] = [];
  for (const [name, candidates] of byName) {
    if (candidates.length === 1 || policy === 'all') {
      selected.push(...candidates);
      continue;
    }
    const winner = resolveConflict(candidates, policy);
    const described = candidates.map((candidate) => `${candidate.package.name}@${candidate.package.version} (${candidate.package.path})`);
    for (const candidate of candidates) {
      if (candidate === winner) continue;
      const error = new DuplicateEntryPointError(
        winner
          ? `"${name}" is also declared by ${winner.package.name}, which the "${typeof policy === 'object' ? 'prefer' : policy}" policy chose`
          : `"${name}" is declared by several packages: ${described.join(', ')}; uninstall all but one, or set a conflict policy (first, last or a preference list)`,
        coordinates(candidate),
        described,
      );
      rejected.push({ entryPoint: candidate, error });
    }
    if (winner) selected.push(winner);
  }
  return { selected, rejected };
}
