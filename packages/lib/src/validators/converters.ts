import { InvalidInput } from '../errors/exceptions.js';
import type { NeutronException } from '../errors/neutron-exception.js';
import { formatCidr, parseCidrLikeNetaddr } from '../net/cidr.js';
import { formatIpAddress, parseIpAddress } from '../net/ip-address.js';
import { formatMacAddress, parseMacAddress } from '../net/mac-address.js';
import { IPTABLES_PROTOCOL_MAP } from '../constants/protocols.js';
import { pythonString as s } from '../python-format.js';
import { boolFromString, isDict, pythonFloat, pythonInt } from './python-values.js';

/**
 * neutron_lib.api.converters: attribute maps' `convertTo` functions. They
 * run before validation and throw InvalidInput with neutron's message when
 * the value cannot be converted.
 */

function invalid(message: string): NeutronException {
  return new InvalidInput({ error_message: message });
}

export function convertToBoolean(data: unknown): boolean {
  const value = boolFromString(data);
  if (value === undefined) throw invalid(`'${s(data)}' cannot be converted to boolean`);
  return value;
}

export function convertToBooleanIfNotNone(data: unknown): boolean | null {
  return data === null || data === undefined ? null : convertToBoolean(data);
}

export function convertToInt(data: unknown): number {
  const value = pythonInt(data);
  if (value === undefined) throw invalid(`'${s(data)}' is not an integer`);
  return value;
}

export function convertToIntIfNotNone(data: unknown): number | null {
  return data === null || data === undefined ? null : convertToInt(data);
}

export function convertToPositiveFloatOrNone(data: unknown): number | null {
  if (data === null || data === undefined) return null;
  const value = pythonFloat(data);
  if (value === undefined || Number.isNaN(value)) throw invalid(`'${s(data)}' must be a non negative decimal`);
  // neutron reports the converted float: -1 reads as '-1.0'.
  if (value < 0) throw invalid(`'${Number.isInteger(value) ? value.toFixed(1) : String(value)}' must be a non negative decimal`);
  return value;
}

/** "key=value" -> ["key", "value"]. */
export function convertKvpStrToList(data: unknown): [string, string] {
  const text = String(data);
  const at = text.indexOf('=');
  if (at > 0 && text.slice(0, at).trim() !== '') return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
  throw invalid(`'${s(data)}' is not of the form <key>=[value]`);
}

/** ["a=1", "a=2", "b=3"] -> { a: ["1", "2"], b: ["3"] }. */
export function convertKvpListToDict(data: unknown): Record<string, string[]> {
  const items = Array.isArray(data) ? data : [data];
  if (items.length === 1 && items[0] === 'True') return {};
  const result: Record<string, string[]> = {};
  for (const item of items) {
    const [key, value] = convertKvpStrToList(item);
    const values = (result[key] ??= []);
    if (!values.includes(value)) values.push(value);
  }
  return result;
}

export function convertNoneToEmptyList(data: unknown): unknown {
  return data === null || data === undefined ? [] : data;
}

export function convertNoneToEmptyDict(data: unknown): unknown {
  return data === null || data === undefined ? {} : data;
}

export function convertNoneToEmptyString(data: unknown): unknown {
  return data === null || data === undefined ? '' : data;
}

export function convertToList(data: unknown): unknown[] {
  if (data === null || data === undefined) return [];
  if (Array.isArray(data)) return [...data];
  if (isDict(data)) return Object.keys(data);
  return [data];
}

/** IPv6 addresses to their canonical text; anything else unchanged. */
export function convertIpToCanonicalFormat(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  const ip = parseIpAddress(data);
  return ip?.version === 6 ? formatIpAddress(ip) : data;
}

/**
 * A CIDR with its address in canonical text; host bits are kept. Forms
 * netaddr reads are accepted, so "10.0.0/24" becomes "10.0.0.0/24" and a
 * bare address gets /32 or /128.
 */
export function convertCidrToCanonicalFormat(data: unknown): string {
  const cidr = typeof data === 'string' && !/\s/.test(data) ? parseCidrLikeNetaddr(data) : undefined;
  if (cidr === undefined) throw invalid(`${s(data)} is not in a CIDR format`);
  return formatCidr(cidr);
}

export function convertStringToCaseInsensitive(data: unknown): string {
  if (typeof data !== 'string') throw invalid(`Input value ${s(data)} must be string type`);
  return data.toLowerCase();
}

/** A protocol name (any case) or a number 0..255; anything else is refused. */
export function convertToProtocol(data: unknown): unknown {
  if (data === null || data === undefined) return null;
  const message = `IP protocol '${s(data)}' is not supported. Only protocol names and their integer representation (0 to 255) are supported`;
  // As in neutron, only strings are accepted: a JSON number 6 is refused.
  if (convertStringToCaseInsensitive(data) in IPTABLES_PROTOCOL_MAP) return data;
  const value = pythonInt(data);
  if (value === undefined || value < 0 || value > 255) throw invalid(message);
  return data;
}

export function convertToString(data: unknown): string | null {
  return data === null || data === undefined ? null : s(data);
}

/** Forces the case of a case-insensitive prefix: ("ipv4", "IP") -> "IPv4". */
export function convertPrefixForcedCase(data: unknown, prefix: string): unknown {
  if (typeof data === 'string' && data.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase()) {
    return prefix + data.slice(prefix.length);
  }
  return data;
}

export function convertUppercaseIp(data: unknown): unknown {
  return convertPrefixForcedCase(data, 'IP');
}

/** A MAC in neutron's stored form (fa:16:3e:00:00:01); invalid input is returned unchanged. */
export function convertToSanitizedMacAddress(data: unknown): unknown {
  const value = typeof data === 'string' ? parseMacAddress(data) : undefined;
  return value === undefined ? data : formatMacAddress(value);
}
