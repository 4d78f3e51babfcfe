import { formatCidr } from '@net-server/lib';
import { given, type RequestBody } from 'net-server';
import { InvalidMeteringRule } from '../errors.js';
import { parseInterface } from './ip-interface.js';

export const PREFIX_FIELDS = ['remote_ip_prefix', 'source_ip_prefix', 'destination_ip_prefix'] as const;
export type PrefixField = (typeof PREFIX_FIELDS)[number];

/** A rule's prefixes as stored: each given one as netaddr writes it, the others null. */
export type RulePrefixes = Record<PrefixField, string | null>;

/**
 * neutron's MeteringPlugin.validate_metering_label_rule: each prefix given
 * must be an address or an address with a prefix (Python's ip_interface),
 * `remote_ip_prefix` (deprecated) goes alone, and at least one is needed.
 * An empty value counts as not given, as there.
 */
export function rulePrefixes(body: RequestBody): RulePrefixes {
  const prefixes: RulePrefixes = { remote_ip_prefix: null, source_ip_prefix: null, destination_ip_prefix: null };
  for (const field of PREFIX_FIELDS) {
    const value = given(body, field);
    if (value === undefined || value === null || value === '') continue;
    const parsed = typeof value === 'string' ? parseInterface(value) : undefined;
    if (parsed === undefined) {
      const text = String(value);
      throw new InvalidMeteringRule({ error_message: `${field}: ${text} is invalid ['${text}' does not appear to be an IPv4 or IPv6 interface].` });
    }
    prefixes[field] = formatCidr(parsed);
  }
  if (prefixes.remote_ip_prefix !== null && (prefixes.source_ip_prefix !== null || prefixes.destination_ip_prefix !== null)) {
    throw new InvalidMeteringRule({ error_message: "Cannot use 'remote-ip-prefix' in conjunction with 'source-ip-prefix' or 'destination-ip-prefix'." });
  }
  if (PREFIX_FIELDS.every((field) => prefixes[field] === null)) {
    throw new InvalidMeteringRule({
      error_message: "You must define at least one of the following parameters 'remote_ip_prefix', or 'source_ip_prefix' or 'destination_ip_prefix'.",
    });
  }
  return prefixes;
}
