export const PLUGIN_KINDS = ['mechanism-driver', 'type-driver', 'service-plugin', 'core-plugin'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];

export function isPluginKind(value: string): value is PluginKind {
  return (PLUGIN_KINDS as readonly string[]).includes(value);
}

/** The entry-point namespace each kind registers in, and what it needs installed beside net-server. */
export const KIND_NAMESPACES: Readonly<Record<PluginKind, string>> = {
  'mechanism-driver': 'net_server.ml2.mechanism_drivers',
  'type-driver': 'net_server.ml2.type_drivers',
  'service-plugin': 'net_server.service_plugins',
  'core-plugin': 'net_server.core_plugins',
};

/** One line per kind, for --help and the interactive choice. */
export const KIND_DESCRIPTIONS: Readonly<Record<PluginKind, string>> = {
  'mechanism-driver': 'an ML2 mechanism driver',
  'type-driver': 'an ML2 type driver',
  'service-plugin': 'a service plugin with its API extension',
  'core-plugin': "a core plugin built on net-server's DbBasePlugin",
};

export function needsMl2(kind: PluginKind): boolean {
  return kind === 'mechanism-driver' || kind === 'type-driver';
}

/** "mechanism-driver" -> "mechanism driver". */
export function kindTitle(kind: PluginKind): string {
  return kind.replace('-', ' ');
}
