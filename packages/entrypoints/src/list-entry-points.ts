import { discover, type DiscoveryOptions } from './discovery.js';
import type { EntryPoint } from './entry-point.js';
import { EntryPointError } from './errors.js';
import { loadEntryPoint } from './load-entry-point.js';
import { selectEntryPoints, type SelectionOptions } from './select.js';

/**
 * One line of the answer to "why is my plugin not found": an entry point,
 * or (with null namespace, name and value) a package that was skipped.
 */
export interface EntryPointReport {
  namespace: string | null;
  name: string | null;
  value: string | null;
  package: string;
  version: string | null;
  path: string;
  /** found: listed, not imported; loaded: imported fine; the rest say why it is not used. */
  status: 'found' | 'loaded' | 'failed' | 'rejected' | 'shadowed' | 'skipped';
  error?: string;
  code?: string;
}

export interface ListOptions extends DiscoveryOptions, SelectionOptions {
  /** Only this namespace; skipped packages are listed only when they mention it. */
  namespace?: string;
  /** Import each entry point to report whether it loads. */
  load?: boolean;
}

function report(entryPoint: EntryPoint, status: EntryPointReport['status'], error?: EntryPointError): EntryPointReport {
  return {
    namespace: entryPoint.namespace,
    name: entryPoint.name,
    value: entryPoint.value,
    package: entryPoint.package.name,
    version: entryPoint.package.version,
    path: entryPoint.package.path,
    status,
    ...(error ? { error: error.message, code: error.code } : {}),
  };
}

/** Every entry point found, every package skipped or shadowed, and why. */
export async function listEntryPoints(options: ListOptions = {}): Promise<EntryPointReport[]> {
  const discovery = discover(options);
  const { namespace } = options;
  const reports: EntryPointReport[] = [];
  const namespaces = namespace === undefined ? discovery.namespaces() : [namespace];
  for (const ns of namespaces) {
    const { selected, rejected } = selectEntryPoints(discovery.entryPoints(ns), { conflict: 'error', ...options });
    const rejections = new Map(rejected.map(({ entryPoint, error }) => [entryPoint, error]));
    for (const entryPoint of discovery.entryPoints(ns)) {
      const rejection = rejections.get(entryPoint);
      if (rejection) {
        reports.push(report(entryPoint, 'rejected', rejection));
      } else if (options.load && selected.includes(entryPoint)) {
        try {
          await loadEntryPoint(entryPoint);
          reports.push(report(entryPoint, 'loaded'));
        } catch (error) {
          if (!(error instanceof EntryPointError)) throw error;
          reports.push(report(entryPoint, 'failed', error));
        }
      } else {
        reports.push(report(entryPoint, 'found'));
      }
    }
  }
  for (const { package: info, winner } of discovery.shadowed) {
    const declared = namespace === undefined ? true : discovery.entryPoints(namespace).some((entryPoint) => entryPoint.package === winner);
    if (!declared) continue;
    reports.push({
      namespace: null,
      name: null,
      value: null,
      package: info.name,
      version: info.version,
      path: info.path,
      status: 'shadowed',
      error: `shadowed by ${winner.name}@${winner.version} at ${winner.path}, the copy Node resolves from the application root`,
      code: 'EP_SHADOWED',
    });
  }
  for (const { path, error, text } of discovery.skipped) {
    if (namespace !== undefined && !text?.includes(JSON.stringify(namespace))) continue;
    reports.push({
      namespace: null,
      name: null,
      value: null,
      package: error.package ?? '(unknown)',
      version: error.version ?? null,
      path,
      status: 'skipped',
      error: error.message,
      code: error.code,
    });
  }
  return reports;
}
