import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExtensionManager } from '@net-server/entrypoints';
import { definitions, silentLogger, type ExtensionDescriptor, type Logger } from '@net-server/lib';
import { discoveryOptions, type PluginSource } from '../plugin-source.js';
import { REVISION_IF_MATCH } from './revision-constraint.js';

export const API_EXTENSIONS_NAMESPACE = 'net_server.api.extensions';

/** A `net_server.api.extensions` entry point that exports no descriptor. */
export class InvalidExtensionError extends Error {
  readonly code = 'API_EXTENSION_INVALID';

  constructor(entryPoint: string, problem: string) {
    super(
      `API extension ${entryPoint}: ${problem}. Export an ExtensionDescriptor (alias, name, description, updated, ` +
        'resourceAttributeMap, requiredExtensions, optionalExtensions) or an array of them.',
    );
    this.name = 'InvalidExtensionError';
  }
}

/** An extension the API layer implements itself, for every plugin: advertised, with no attributes of its own. */
export const apiShim = (
  alias: string,
  name: string,
  description: string,
  updated: string,
  requiredExtensions: readonly string[] = [],
): ExtensionDescriptor => ({
  alias,
  name,
  description,
  updated,
  isShimExtension: true,
  resourceAttributeMap: {},
  requiredExtensions,
  optionalExtensions: [],
});

/*
 * Features the API layer implements for every resource, advertised as
 * neutron advertises them (neutron/extensions/pagination.py, sorting.py,
 * filter_validation.py).
 */
export const API_SHIM_EXTENSIONS: readonly ExtensionDescriptor[] = [
  apiShim('pagination', 'Pagination support', 'Extension that indicates that pagination is enabled.', '2016-06-12T00:00:00-00:00'),
  apiShim('sorting', 'Sorting support', 'Extension that indicates that sorting is enabled.', '2016-06-12T00:00:00-00:00'),
  apiShim('filter-validation', 'Filter parameters validation', 'Provides validation on filter parameters.', '2018-03-21T10:00:00-00:00'),
  // /v2.0/service-providers, from [service_providers] (service-providers.ts).
  apiShim('service-type', 'Neutron Service Type Management', 'API for retrieving service providers for Neutron advanced services', '2013-01-20T00:00:00-00:00'),
  // If-Match: revision_number=N on updates and deletes (revision-constraint.ts).
  apiShim(
    REVISION_IF_MATCH,
    'If-Match constraints based on revision_number',
    'Extension indicating that If-Match based on revision_number is supported.',
    '2016-12-11T00:00:00-00:00',
    ['standard-attr-revisions'],
  ),
];

/**
 * Every extension descriptor the server knows, by alias: neutron's
 * definitions shipped in @net-server/lib, those installed packages declare
 * under `net_server.api.extensions` (an export holding a descriptor or an
 * array of them), the descriptors exported by the `.js`/`.mjs` modules of
 * the `api_extensions_path` directories, and `extra` ones. Which of them
 * are served depends on the loaded plugins' supportedExtensionAliases, so
 * an installed package whose descriptors cannot be imported is logged and
 * skipped: it only matters if a loaded plugin supports its alias, and then
 * the model reports the alias as unknown.
 */
export async function loadExtensionCatalog(
  plugins: PluginSource | undefined,
  extra: readonly ExtensionDescriptor[] = [],
  extensionPaths: readonly string[] = [],
  logger: Logger = silentLogger,
): Promise<Map<string, ExtensionDescriptor>> {
  const catalog = new Map<string, ExtensionDescriptor>();
  const add = (descriptor: ExtensionDescriptor): void => {
    catalog.set(descriptor.alias, descriptor);
  };
  for (const value of Object.values(definitions)) if (isDescriptor(value)) add(value);
  for (const descriptor of definitions.standardAttributeExtensions()) add(descriptor);
  const installed = await ExtensionManager.load({
    ...discoveryOptions(plugins),
    namespace: API_EXTENSIONS_NAMESPACE,
    onLoadFailure: (_manager, entryPoint, error) =>
      logger.warn('API extension descriptors not loaded', {
        entryPoint: entryPoint?.name,
        package: error.package,
        version: error.version,
        file: error.file,
        error,
      }),
  });
  for (const { name, entryPoint, plugin } of installed) {
    const list = Array.isArray(plugin) ? (plugin as unknown[]) : [plugin];
    for (const item of list) {
      if (!isDescriptor(item)) throw new InvalidExtensionError(`${name} (${entryPoint?.value ?? ''})`, 'is not an extension descriptor');
      add(item);
    }
  }
  for (const dir of extensionPaths) {
    let files: string[];
    try {
      files = readdirSync(dir)
        .filter((name) => /\.m?js$/.test(name))
        .sort();
    } catch (error) {
      throw new InvalidExtensionError(dir, `is not a readable directory (${error instanceof Error ? error.message : String(error)}); fix api_extensions_path`);
    }
    for (const file of files) {
      const exports = (await import(pathToFileURL(resolve(join(dir, file))).href)) as Record<string, unknown>;
      for (const value of Object.values(exports).flatMap((item) => (Array.isArray(item) ? (item as unknown[]) : [item]))) {
        if (isDescriptor(value)) add(value);
      }
    }
  }
  for (const descriptor of extra) add(descriptor);
  return catalog;
}

function isDescriptor(value: unknown): value is ExtensionDescriptor {
  const candidate = value as Partial<ExtensionDescriptor> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.alias === 'string' &&
    typeof candidate.resourceAttributeMap === 'object' &&
    Array.isArray(candidate.requiredExtensions)
  );
}
