import type { DriverFactory } from './driver.js';
import { memoryDriver } from './entries/memory.js';
import { DriverLoadFailure } from './errors.js';
import type { TransportUrl } from './transport-url.js';

export const TRANSPORTS_NAMESPACE = 'net_server.rpc.transports';

export interface DriverLookup {
  /** Drivers by scheme that take precedence over installed ones. */
  drivers?: Record<string, DriverFactory>;
  root?: string;
  paths?: string[];
}

// This package declares `memory` in its own entryPoints too; resolving it
// here keeps memory:// working wherever the package is not discoverable
// from the working directory (e.g. bundled into an embedder).
const builtin: Record<string, DriverFactory> = { memory: memoryDriver };

/** Find the driver factory for the URL's scheme. */
export async function loadDriverFactory(url: TransportUrl, lookup: DriverLookup): Promise<DriverFactory> {
  const explicit = lookup.drivers?.[url.scheme] ?? builtin[url.scheme];
  if (explicit) return explicit;
  const installed = [...new Set([...Object.keys(lookup.drivers ?? {}), ...Object.keys(builtin)])].sort();
  throw new DriverLoadFailure(url.scheme, url.toString(), installed);
}
