import { definitions, type ExtensionDescriptor, type Logger, type PluginBase } from '@net-server/lib';

/** Extension alias -> the first loaded plugin that supports it. */
export function supportingPlugins(plugins: readonly PluginBase[]): Map<string, PluginBase> {
  const supportedBy = new Map<string, PluginBase>();
  for (const plugin of plugins) {
    for (const alias of plugin.supportedExtensionAliases ?? []) if (!supportedBy.has(alias)) supportedBy.set(alias, plugin);
  }
  return supportedBy;
}

/**
 * The supported aliases that have a descriptor, dropping (with a warning)
 * those whose required extensions are not loaded, as neutron does.
 */
export function selectExtensions(
  supportedBy: ReadonlyMap<string, PluginBase>,
  catalog: ReadonlyMap<string, ExtensionDescriptor>,
  logger: Logger,
): ExtensionDescriptor[] {
  const core = new Set(definitions.CORE_RESOURCES.map((descriptor) => descriptor.alias));
  const unknown = [...supportedBy.keys()].filter((alias) => !catalog.has(alias) && !core.has(alias));
  if (unknown.length > 0) {
    logger.warn('plugins support extensions that have no descriptor; they are not served', {
      aliases: unknown,
      hint: `declare them under the net_server.api.extensions entry point namespace`,
    });
  }
  let selected = [...supportedBy.keys()].filter((alias) => !core.has(alias)).flatMap((alias) => catalog.get(alias) ?? []);
  for (;;) {
    const aliases = new Set(selected.map((descriptor) => descriptor.alias));
    const unmet = selected.filter((descriptor) => descriptor.requiredExtensions.some((required) => !aliases.has(required)));
    if (unmet.length === 0) return selected;
    for (const descriptor of unmet) {
      logger.warn('extension not loaded: a required extension is missing', {
        alias: descriptor.alias,
        requires: descriptor.requiredExtensions.filter((required) => !aliases.has(required)),
      });
    }
    selected = selected.filter((descriptor) => !unmet.includes(descriptor));
  }
}
