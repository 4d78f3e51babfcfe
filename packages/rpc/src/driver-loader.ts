import { DriverManager, NoMatchesError, listEntryPoints } from '@net-server/entrypoints';
import type { Logger } from '@net-server/lib';
import type { DriverFactory } from './driver.js';
import { memoryDriver } from './entries/memory.js';
import { DriverLoadFailure } from './errors.js';
import type { TransportUrl } from './transport-url.js';

/** The entry-point namespace where drivers are published, named by URL scheme. */
export const TRANSPORTS_NAMESPACE = 'net_server.rpc.transports';

export interface DriverLookup {
  /** Drivers by scheme that take precedence over installed ones. */
  drivers?: Record<string, DriverFactory>;
  /** Where discovery starts (default: the working directory). */
  root?: string;
  /** Extra node_modules-like directories to search. */
  paths?: readonly string[];
  logger?: Logger;
}

// This package declares `memory` in its own entryPoints too; resolving it
// here keeps memory:// working wherever the package is not discoverable
// from the working directory (e.g. bundled into an embedder) and keeps one
// copy of its code in the process.
const builtin: Record<string, DriverFactory> = { memory: memoryDriver };

function discoveryOptions(lookup: DriverLookup): { root?: string; paths?: readonly string[] } {
  return { ...(lookup.root === undefined ? {} : { root: lookup.root }), ...(lookup.paths === undefined ? {} : { paths: lookup.paths }) };
}

/** Every scheme a transport_url may use here, for error messages. */
async function installedSchemes(lookup: DriverLookup): Promise<string[]> {
  const names = new Set([...Object.keys(lookup.drivers ?? {}), ...Object.keys(builtin)]);
  try {
    const reports = await listEntryPoints({ namespace: TRANSPORTS_NAMESPACE, ...discoveryOptions(lookup) });
    for (const report of reports) if (report.name !== null && report.status === 'found') names.add(report.name);
  } catch (error) {
    // The listing only decorates an error message; the failure being reported matters more.
    lookup.logger?.debug('Listing installed RPC transports failed', { error });
  }
  return [...names].sort();
}

/**
 * The driver factory for the URL's scheme: an explicitly given one, the
 * built-in memory driver, or the single installed package's
 * `net_server.rpc.transports` entry of that name.
 */
export async function loadDriverFactory(url: TransportUrl, lookup: DriverLookup = {}): Promise<DriverFactory> {
  const given = lookup.drivers?.[url.scheme] ?? builtin[url.scheme];
  if (given) return given;
  let loaded: unknown;
  try {
    const manager = await DriverManager.load({
      namespace: TRANSPORTS_NAMESPACE,
      name: url.scheme,
      ...discoveryOptions(lookup),
      ...(lookup.logger === undefined ? {} : { logger: lookup.logger }),
    });
    loaded = manager.driver;
  } catch (error) {
    const problem = error instanceof NoMatchesError ? undefined : error instanceof Error ? error.message : String(error);
    throw new DriverLoadFailure(url.scheme, url.toString(), await installedSchemes(lookup), problem, { cause: error });
  }
  if (typeof loaded !== 'function') {
    const problem = `its entry point exports ${loaded === null ? 'null' : typeof loaded}, not a DriverFactory function`;
    throw new DriverLoadFailure(url.scheme, url.toString(), await installedSchemes(lookup), problem);
  }
  return loaded as DriverFactory;
}
