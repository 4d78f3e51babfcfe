import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { DiscoveryOptions, SelectionOptions } from '@net-server/entrypoints';
import { ownPackageVersion } from './own-package.js';

/**
 * Where plugins are discovered: the application root (its node_modules
 * chain), the packages installed beside net-server itself, and extra
 * node_modules-like directories.
 */
export interface PluginSource {
  /** Default: the working directory. */
  root?: string;
  paths?: readonly string[];
}

function installedVersion(name: string): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve(`${name}/package.json`);
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

let hostApis: Record<string, string> | undefined;

/**
 * The host APIs a plugin may declare a peer range on: a plugin built for
 * another major of net-server or @net-server/lib is reported, not imported.
 */
function runningHostApis(): Record<string, string> {
  if (!hostApis) {
    const lib = installedVersion('@net-server/lib');
    hostApis = { 'net-server': ownPackageVersion(), ...(lib ? { '@net-server/lib': lib } : {}) };
  }
  return hostApis;
}

export function discoveryOptions(source: PluginSource = {}): DiscoveryOptions & SelectionOptions {
  return {
    root: source.root ?? process.cwd(),
    host: import.meta.url,
    hostApis: runningHostApis(),
    ...(source.paths ? { paths: source.paths } : {}),
  };
}
