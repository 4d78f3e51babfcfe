/** What discovery knows about a package that declares entry points. */
export interface PackageInfo {
  name: string;
  version: string;
  /** Real path of the package directory. */
  path: string;
  /** Linked in from outside any node_modules (workspace or `npm link`). */
  linked: boolean;
  peerDependencies: Readonly<Record<string, string>>;
}

/**
 * One `"namespace": { "name": "module:export" }` declaration. Discovery
 * produces these from package.json alone; nothing is imported until
 * {@link loadEntryPoint} is called on one.
 */
export interface EntryPoint {
  namespace: string;
  name: string;
  /** The declared value, `module:export` or `module`. */
  value: string;
  module: string;
  /** Dotted export path; `undefined` means the default export. */
  exportName: string | undefined;
  package: PackageInfo;
}

const VALUE = /^([^:\s]+)(?::([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*))?$/;

/** Splits `module:export`; undefined when the value is malformed. */
export function parseEntryPointValue(value: string): { module: string; exportName: string | undefined } | undefined {
  const match = VALUE.exec(value);
  if (!match) return undefined;
  return { module: match[1] as string, exportName: match[2] };
}

export function describeEntryPoint(entryPoint: EntryPoint): string {
  return `${entryPoint.namespace}:${entryPoint.name} = ${entryPoint.value} (${entryPoint.package.name}@${entryPoint.package.version})`;
}
