export { scaffold, type ScaffoldOptions, type ScaffoldResult } from './scaffold.js';
export { main, type CliIo } from './cli.js';
export { PLUGIN_KINDS, KIND_NAMESPACES, isPluginKind, type PluginKind } from './kinds.js';
export { netServerRanges, NET_SERVER_PACKAGES, type NetServerPackage } from './dependency-ranges.js';
export { ScaffoldError } from './errors.js';
