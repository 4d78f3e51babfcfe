import { InvalidInput, type Filters } from '@net-server/lib';

/**
 * List filters an agent sends (`get_ports(filters=...)`), as a plugin's
 * `ListOptions.filters`: a filter's values are a list, a single value is a
 * list of one, and a dict value (the metadata agent's `fixed_ips:
 * {ip_address: [...]}`) is one entry of the list. Anything but a dict is
 * refused with InvalidInput, which goes back to the agent as a remote error.
 */
export function filtersArg(args: Readonly<Record<string, unknown>>, key = 'filters'): Filters {
  const value = args[key] ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInput({ error_message: `RPC argument '${key}' must be a dict of filters` });
  }
  return Object.fromEntries(Object.entries(value).map(([name, values]) => [name, Array.isArray(values) ? values : [values]]));
}

/** A string argument, when given and not empty (agents send `host=''` or None for "no host"). */
export function optionalStringArg(args: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = args[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A string argument the method cannot do without: InvalidInput, which goes back to the agent as a remote error, when missing or empty. */
export function stringArg(args: Readonly<Record<string, unknown>>, key: string): string {
  const value = optionalStringArg(args, key);
  if (value === undefined) throw new InvalidInput({ error_message: `RPC argument '${key}' must be a non-empty string` });
  return value;
}
