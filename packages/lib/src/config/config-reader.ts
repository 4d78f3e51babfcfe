import type { Option } from './option.js';

/**
 * Read access to the loaded configuration, as plugins receive it. Options
 * are read through the `Option` objects their package declared, which keeps
 * the value typed: `config.get('ml2', tenantNetworkTypes)`.
 */
export interface ConfigReader {
  get<V>(group: string, option: Option<V>): V;
  /** An option's value by name, for options declared by another package. */
  value(group: string, name: string): unknown;
  /** Whether some installed package registered the option. */
  has(group: string, name: string): boolean;
}
