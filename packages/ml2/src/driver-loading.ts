import { NamedExtensionManager, type DiscoveryOptions, type Extension } from '@net-server/entrypoints';
import type { Logger } from '@net-server/lib';
import { DriverNotFoundError } from './errors.js';

/** Where drivers are discovered; the server passes its plugin source. */
export type DriverDiscovery = DiscoveryOptions;

/**
 * Loads the named drivers of one namespace in the configured order,
 * constructing each with `init`. As neutron does (it exits), a driver that is
 * missing or fails to load stops the plugin: running with fewer drivers than
 * configured would silently drop networks or bindings.
 */
export async function loadDrivers<O>(
  kind: string,
  namespace: string,
  names: readonly string[],
  init: unknown,
  discovery: DriverDiscovery,
  logger: Logger,
): Promise<Extension<unknown, O>[]> {
  if (names.length === 0) return [];
  const problems: string[] = [];
  let missing: string[] = [];
  const manager = await NamedExtensionManager.load<unknown, O>({
    ...discovery,
    namespace,
    names,
    nameOrder: true,
    invokeOnLoad: true,
    invokeArgs: [init],
    onMissingEntrypoints: (names) => {
      missing = names;
    },
    onLoadFailure: (_manager, entryPoint, error) => {
      problems.push(`${entryPoint?.name ?? 'a package'}: ${error.message}`);
    },
    logger,
  });
  if (missing.length > 0 || problems.length > 0) {
    throw new DriverNotFoundError(kind, [...missing, ...problems], namespace);
  }
  logger.info(`Loaded ${kind} driver names: ${manager.names().join(', ')}`, { namespace });
  return [...manager.extensions];
}
