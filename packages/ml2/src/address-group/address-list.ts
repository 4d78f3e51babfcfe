import { cidrNetwork, formatCidr, InvalidInput, IP_BITS, parseCidr, parseIpAddress, type Cidr } from '@net-server/lib';
import { AddrFormatError } from './address-group-errors.js';

/** A CIDR or a bare address (a host route, as netaddr's IPNetwork reads it); undefined when it is neither. */
function parseAddress(text: string): Cidr | undefined {
  if (text.includes('/')) return parseCidr(text);
  const ip = parseIpAddress(text);
  return ip && { version: ip.version, address: ip.value, prefixLength: IP_BITS[ip.version] };
}

/**
 * neutron's _process_requested_addresses: each address as the network of
 * its CIDR ("192.168.0.10/24" is 192.168.0.0/24), duplicates once. An
 * address netaddr cannot read is neutron's AddrFormatError (400).
 */
export function normalisedAddresses(addresses: unknown): string[] {
  if (!Array.isArray(addresses)) throw new InvalidInput({ error_message: "'addresses' must be a list of IP addresses or CIDRs" });
  const normalised = new Set<string>();
  for (const address of addresses) {
    const cidr = typeof address === 'string' ? parseAddress(address.trim()) : undefined;
    if (cidr === undefined) throw new AddrFormatError({ address });
    normalised.add(formatCidr(cidrNetwork(cidr)));
  }
  return [...normalised];
}
