/** The names a template fills in. */
export interface PluginNames {
  packageName: string;
  /** The entry-point name users put in their configuration, e.g. `acme`. */
  alias: string;
  /** PascalCase of the alias, e.g. `Acme`. */
  className: string;
}

/** A template's output: files by path, and the entry points its package declares. */
export interface KindTemplate {
  files: Record<string, string>;
  /** Entry-point name -> value, in the kind's namespace. */
  entryPoint: string;
  /** The plugin's entry points in other namespaces (a service plugin's API extension and policy rules): namespace -> value. */
  otherEntryPoints?: Readonly<Record<string, string>>;
  /** The test file's description of what it checks, for the README. */
  testSummary: string;
  /** What the plugin serves, for the README (a service plugin's API paths). */
  readmeApi?: string;
}
