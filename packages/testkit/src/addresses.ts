/**
 * The first of `candidates` not in `held`. Addresses are allocated at
 * random, so a test that asks for a fixed one (to move a port, or as "not
 * the port's") picks one the port or subnet was not already given.
 */
export function addressNotHeld(held: Iterable<string> | { fixed_ips?: unknown }, candidates: readonly string[]): string {
  const taken = new Set(Symbol.iterator in held ? held : fixedAddresses(held));
  const free = candidates.find((address) => !taken.has(address));
  if (free === undefined) throw new Error(`every one of ${candidates.join(', ')} is already held; give the test more candidates`);
  return free;
}

/** The addresses of a port dict's `fixed_ips`. */
function fixedAddresses(port: { fixed_ips?: unknown }): string[] {
  const fixedIps = Array.isArray(port.fixed_ips) ? (port.fixed_ips as { ip_address?: unknown }[]) : [];
  return fixedIps.map((ip) => String(ip.ip_address));
}
