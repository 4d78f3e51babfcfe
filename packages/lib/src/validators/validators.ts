import { cidrNetwork, formatCidr, parseCidrLikeNetaddr } from '../net/cidr.js';
import { formatIpAddress, parseIpAddress, parseIpv4Lenient } from '../net/ip-address.js';
import { parseMacAddress } from '../net/mac-address.js';
import { pythonString as s } from '../python-format.js';
import { IPV6_PD_POOL_ID } from '../constants/ip.js';
import { boolFromString, isDict, pythonEquals, pythonFloat, pythonInt, pythonLength } from './python-values.js';
import { orNone, validateListOfItems, verifyDictKeys, type Validator } from './validator-helpers.js';

/**
 * neutron_lib.api.validators: each takes the value and the spec's argument
 * and returns neutron's message when the value is invalid, undefined when
 * it is fine. The API wraps the message as
 * "Invalid input for <attr>. Reason: <message>."
 */
export type { Validator };

const invalidMacs = new Set([0n, 0xffffffffffffn]);

export function validateValues(data: unknown, validValues?: unknown): string | undefined {
  if (validValues === undefined || validValues === null) return undefined;
  const values: unknown[] = Array.isArray(validValues)
    ? validValues
    : validValues instanceof Set
      ? [...(validValues as Set<unknown>)]
      : isDict(validValues)
        ? Object.keys(validValues)
        : [];
  return values.some((value) => pythonEquals(value, data)) ? undefined : `${s(data)} is not in valid_values`;
}

export function validateString(data: unknown, maxLength?: unknown): string | undefined {
  if (typeof data !== 'string') return `'${s(data)}' is not a valid string`;
  if (typeof maxLength === 'number' && pythonLength(data) > maxLength) {
    return `'${data}' exceeds maximum length of ${maxLength}`;
  }
  return undefined;
}

export function validateNotEmptyString(data: unknown, maxLength?: unknown): string | undefined {
  const message = validateString(data, maxLength);
  if (message) return message;
  return (data as string).trim() === '' ? `'${s(data)}' Blank strings are not permitted` : undefined;
}

export function validateOnelineNotEmptyString(data: unknown, maxLength?: unknown): string | undefined {
  const message = validateNotEmptyString(data, maxLength);
  if (message) return message;
  return /[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]./s.test((data as string).replace(/\r\n/g, '\n')) ? `Multi-line string is not allowed: '${s(data)}'` : undefined;
}

export function validateListOfUniqueStrings(data: unknown, maxLength?: unknown): string | undefined {
  return validateListOfItems(validateString, data, maxLength);
}

export function validateBoolean(data: unknown): string | undefined {
  return boolFromString(data) === undefined ? `'${s(data)}' is not a valid boolean value` : undefined;
}

export function validateInteger(data: unknown, validValues?: unknown): string | undefined {
  if (validValues !== undefined && validValues !== null) {
    const message = validateValues(data, validValues);
    if (message) return message;
  }
  const asFloat = pythonFloat(data);
  const asInt = pythonInt(data);
  if (asFloat === undefined || asInt === undefined || asFloat !== asInt) return `'${s(data)}' is not an integer`;
  return typeof data === 'boolean' ? `'${s(data)}' is not an integer:boolean` : undefined;
}

/** `arg` is [min, max]; null on either side means unlimited. */
export function validateRange(data: unknown, limits?: unknown): string | undefined {
  const [min, max] = Array.isArray(limits) ? (limits as unknown[]) : [];
  const value = pythonInt(data);
  if (value === undefined) return `'${s(data)}' is not an integer`;
  if (typeof min === 'number' && value < min) return `'${value}' is too small - must be at least '${Math.trunc(min)}'`;
  if (typeof max === 'number' && value > max) return `'${value}' is too large - must be no larger than '${Math.trunc(max)}'`;
  return undefined;
}

export function validateNonNegative(data: unknown): string | undefined {
  const value = pythonInt(data);
  if (value === undefined) return `'${s(data)}' is not an integer`;
  return value < 0 ? `'${value}' should be non-negative` : undefined;
}

const hasWhitespace = (data: string): boolean => /\s/.test(data);

export function validateMacAddress(data: unknown): string | undefined {
  const value = typeof data === 'string' && !hasWhitespace(data) ? parseMacAddress(data) : undefined;
  return value === undefined || invalidMacs.has(value) ? `'${s(data)}' is not a valid MAC address` : undefined;
}

export function validateIpAddress(data: unknown): string | undefined {
  const invalid = `'${s(data)}' is not a valid IP address`;
  if (typeof data !== 'string' || hasWhitespace(data)) return invalid;
  if (data.includes(':')) return parseIpAddress(data) === undefined ? invalid : undefined;
  const value = parseIpv4Lenient(data);
  if (value === undefined) return invalid;
  // Leading zeros are refused because they read as octal on some systems.
  const canonical = formatIpAddress({ version: 4, value });
  return canonical === data ? undefined : `'${data}' is not an accepted IP address, '${canonical}' is recommended`;
}

/**
 * A subnet CIDR. Host bits are accepted (the plugin stores the network
 * address); an address without a prefix, or an IPv4 CIDR not written
 * canonically, is refused with the canonical network suggested.
 */
export function validateSubnet(data: unknown): string | undefined {
  const invalid = `'${s(data)}' is not a valid IP subnet`;
  if (typeof data !== 'string' || hasWhitespace(data)) return invalid;
  const cidr = parseCidrLikeNetaddr(data);
  if (cidr === undefined) return invalid;
  const written = formatCidr(cidr);
  if (!data.includes('/') || (cidr.version === 4 && written !== data)) {
    return `'${data}' isn't a recognized IP subnet cidr, '${formatCidr(cidrNetwork(cidr))}' is recommended`;
  }
  return undefined;
}

/** A route destination: a CIDR without host bits, not loopback. */
export function validateRouteCidr(data: unknown): string | undefined {
  const invalid = `'${s(data)}' is not a valid CIDR`;
  if (typeof data !== 'string' || hasWhitespace(data)) return invalid;
  const cidr = parseCidrLikeNetaddr(data);
  if (cidr === undefined) return invalid;
  const network = cidrNetwork(cidr);
  if (!data.includes('/') || network.address !== cidr.address) {
    return `'${data}' is not a recognized CIDR, '${formatCidr(network)}' is recommended`;
  }
  // netaddr only calls IPv4 networks loopback, so neutron accepts ::1/128.
  const loopback = cidr.version === 4 && cidr.address >> 24n === 127n;
  return loopback ? `'${data}' is not a routable CIDR` : undefined;
}

export function validateSubnetList(data: unknown): string | undefined {
  return validateListOfItems(validateSubnet, data);
}

export function validateIpOrSubnetOrNone(data: unknown): string | undefined {
  if (data === null || data === undefined) return undefined;
  if (validateIpAddress(data) === undefined || validateSubnet(data) === undefined) return undefined;
  return `'${s(data)}' is neither a valid IP address, nor is it a valid IP subnet`;
}

export function validateIpPools(data: unknown): string | undefined {
  if (!Array.isArray(data)) return `Invalid data format for IP pool: '${s(data)}'`;
  for (const pool of data) {
    const message = verifyDictKeys(['start', 'end'], pool);
    if (message) return message;
    const { start, end } = pool as Record<string, unknown>;
    const bad = validateIpAddress(start) ?? validateIpAddress(end);
    if (bad) return bad;
  }
  return undefined;
}

export function validateFixedIps(data: unknown): string | undefined {
  if (!Array.isArray(data)) return `Invalid data format for fixed IP: '${s(data)}'`;
  const seen: unknown[] = [];
  for (const fixedIp of data) {
    if (!isDict(fixedIp)) return `Invalid data format for fixed IP: '${s(fixedIp)}'`;
    if ('ip_address' in fixedIp) {
      const address = fixedIp['ip_address'];
      // Only addresses must be unique: several entries may name one subnet.
      const message = seen.some((other) => pythonEquals(other, address)) ? `Duplicate IP address '${s(address)}'` : validateIpAddress(address);
      if (message) return message;
      seen.push(address);
    }
    if ('subnet_id' in fixedIp) {
      const message = validateUuid(fixedIp['subnet_id']);
      if (message) return message;
    }
  }
  return undefined;
}

export function validateNameservers(data: unknown): string | undefined {
  const hosts = typeof data === 'string' ? Array.from(data) : Array.isArray(data) ? data : undefined;
  if (hosts === undefined) return `Invalid data format for nameserver: '${s(data)}'`;
  const seen: unknown[] = [];
  for (const host of hosts) {
    const message = validateIpAddress(host);
    if (message) return `'${s(host)}' is not a valid nameserver. ${message}`;
    if (seen.some((other) => pythonEquals(other, host))) return `Duplicate nameserver '${s(host)}'`;
    seen.push(host);
  }
  return undefined;
}

export function validateHostroutes(data: unknown): string | undefined {
  if (!Array.isArray(data)) return `Invalid data format for hostroute: '${s(data)}'`;
  const seen: unknown[] = [];
  for (const route of data) {
    const message = verifyDictKeys(['destination', 'nexthop'], route);
    if (message) return message;
    const { destination, nexthop } = route as Record<string, unknown>;
    const bad = validateRouteCidr(destination) ?? validateIpAddress(nexthop);
    if (bad) return bad;
    if (seen.some((other) => pythonEquals(other, route))) return `Duplicate hostroute '${s(route)}'`;
    seen.push(route);
  }
  return undefined;
}

// oslo uuidutils.is_uuid_like: 32 hex digits once urn:/uuid: prefixes,
// braces and dashes are dropped.
export function validateUuid(data: unknown): string | undefined {
  const invalid = `'${s(data)}' is not a valid UUID`;
  if (typeof data !== 'string') return invalid;
  const bare = data
    .replace(/urn:/g, '')
    .replace(/uuid:/g, '')
    .replace(/^\{+|\}+$/g, '')
    .replace(/-/g, '');
  return /^[0-9a-fA-F]{32}$/.test(bare) ? undefined : invalid;
}

export function validateUuidList(data: unknown): string | undefined {
  return validateListOfItems(validateUuid, data);
}

export function validateUuidListNonEmpty(data: unknown): string | undefined {
  const message = validateListOfItems(validateUuid, data);
  if (message) return message;
  return (data as unknown[]).length === 0 ? 'List should not be empty' : undefined;
}

export function validateSubnetpoolId(data: unknown): string | undefined {
  return data === IPV6_PD_POOL_ID ? undefined : orNone(validateUuid)(data);
}

export function validateRegex(data: unknown, pattern?: unknown): string | undefined {
  // Python's re.match anchors at the start only.
  if (typeof data === 'string' && typeof pattern === 'string' && new RegExp(pattern, 'y').test(data)) return undefined;
  return `'${s(data)}' is not a valid input`;
}

export function validatePortRange(data: unknown, limits?: unknown): string | undefined {
  if (data === null || data === undefined) return undefined;
  const [min, max] = Array.isArray(limits) && limits.length === 2 ? (limits as number[]) : [0, 65535];
  const ports = String(data).split(':');
  const malformed = 'Port range must be two integers separated by a colon';
  if (ports.length > 2) return malformed;
  for (const port of ports) {
    if (port.length === 0) return malformed;
    const value = pythonInt(port);
    if (value === undefined || value < 0 || value > 65535) return `Invalid port: ${port}`;
    if (value < min! || value > max!) return `Invalid port: ${port}, the port must be in the range [${min}, ${max}]`;
  }
  if (ports.length > 1 && Number(ports[0]) > Number(ports[1])) {
    return 'First port in a port range must be lower than the second port';
  }
  return undefined;
}
