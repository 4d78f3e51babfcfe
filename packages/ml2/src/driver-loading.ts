import { discover, NamedExtensionManager, type DiscoveryOptions, type Extension } from '@net-server/entrypoints';
import { PluginConfigError, type Logger } from '@net-server/lib';
import { DriverLoadError, DriverNotFoundError } from './errors.js';

/** Where drivers are discovered; the server passes its plugin source. */
export type DriverDiscovery = DiscoveryOptions;

/**
 * Loads the named drivers of one namespace in the configured order,
 * constructing each with `init`. As neutron does (it exits), a driver that is
 * missing or fails to load stops the plugin: running with fewer drivers than
 * configured would silently drop networks or bindings. A driver that rejects
 * its own options throws its PluginConfigError unchanged, so that the server
 * reports the option and where it was set rather than a broken package.
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
  const problems: { text: string; error: Error }[] = [];
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
      problems.push({ text: `${entryPoint?.name ?? 'a package'}: ${error.message}`, error });
    },
    logger,
  });
  if (missing.length > 0) {
    const installed = [
      ...new Set(
        discover(discovery)
          .entryPoints(namespace)
          .map((entryPoint) => entryPoint.name),
      ),
    ].sort();
    throw new DriverNotFoundError(kind, missing, namespace, installed);
  }
  const configProblem = problems.map(({ error }) => (PluginConfigError.is(error.cause) ? error.cause : error)).find(PluginConfigError.is);
  if (configProblem) throw configProblem;
  if (problems.length > 0)
    throw new DriverLoadError(
      kind,
      problems.map(({ text }) => text),
      problems[0]?.error,
    );
  logger.info(`Loaded ${kind} driver names: ${manager.names().join(', ')}`, { namespace });
  return [...manager.extensions];
}
