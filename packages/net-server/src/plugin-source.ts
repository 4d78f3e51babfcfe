import type { DiscoveryOptions } from '@net-server/entrypoints';

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

export function discoveryOptions(source: PluginSource = {}): DiscoveryOptions {
  return {
    root: source.root ?? process.cwd(),
    host: import.meta.url,
    ...(source.paths ? { paths: source.paths } : {}),
  };
}
