export { scaffold, defaultAlias, isValidPackageName, type ScaffoldOptions, type ScaffoldResult } from './scaffold.js';
export { main, type CliIo } from './cli.js';
export { PLUGIN_KINDS, KIND_NAMESPACES, KIND_DESCRIPTIONS, isPluginKind, type PluginKind } from './kinds.js';
export { LICENSES, DEFAULT_LICENSE, licenseText, type License } from './licenses.js';
export { netServerRanges, rangesFromManifest, NET_SERVER_PACKAGES, type NetServerPackage } from './dependency-ranges.js';
export { Prompter, PromptCancelled, type Choice, type TextQuestion } from './prompts.js';
export { ScaffoldError } from './errors.js';
