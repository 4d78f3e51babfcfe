import {
  AllowedAddressPairExhausted,
  AllowedAddressPairsMissingIP,
  DuplicateAddressPairInRequest,
  HTTPBadRequest,
  InvalidInput,
  InvalidInputSubnetServiceType,
  InvalidSubnetServiceType,
} from '../errors/exceptions.js';
import { DEVICE_OWNER_COMPUTE_PREFIX, DEVICE_OWNER_PREFIXES } from '../constants/device-owners.js';
import { ATTR_NOT_SPECIFIED } from '../api/attribute.js';
import { pythonString as s } from '../python-format.js';
import { convertToInt } from './converters.js';
import { isDict } from './python-values.js';
import { validateIpAddress, validateListOfUniqueStrings, validateMacAddress, validateSubnet } from './validators.js';

/**
 * Validators that neutron's API definitions register for their extensions.
 * Where neutron raises a specific exception instead of returning a message,
 * these throw the same exception so the API answers with the same type.
 */

/** neutron's default `max_allowed_address_pair`. */
export const DEFAULT_MAX_ALLOWED_ADDRESS_PAIRS = 10;

/** `arg` is the maximum number of pairs (the server's max_allowed_address_pair). */
export function validateAllowedAddressPairs(data: unknown, maxPairs?: unknown): string | undefined {
  if (!Array.isArray(data)) throw new HTTPBadRequest({ msg: 'Allowed address pairs must be a list.' });
  const quota = typeof maxPairs === 'number' ? maxPairs : DEFAULT_MAX_ALLOWED_ADDRESS_PAIRS;
  if (data.length > quota) throw new AllowedAddressPairExhausted({ quota });
  const seen = new Set<string>();
  for (const pair of data) {
    if (!isDict(pair)) return `'${s(pair)}' is not a dictionary`;
    if ('mac_address' in pair) {
      const message = validateMacAddress(pair['mac_address']);
      if (message) throw new HTTPBadRequest({ msg: message });
    }
    if (!('ip_address' in pair)) throw new AllowedAddressPairsMissingIP({});
    const mac = pair['mac_address'] ?? null;
    const ip = pair['ip_address'];
    const key = JSON.stringify([mac, ip]);
    if (seen.has(key)) throw new DuplicateAddressPairInRequest({ mac_address: mac, ip_address: ip });
    seen.add(key);
    const unknown = Object.keys(pair).filter((attr) => attr !== 'mac_address' && attr !== 'ip_address');
    if (unknown.length > 0) throw new HTTPBadRequest({ msg: `Unrecognized attribute(s) '${unknown.join(', ')}'` });
    const message = typeof ip === 'string' && ip.includes('/') ? validateSubnet(ip) : validateIpAddress(ip);
    if (message) throw new HTTPBadRequest({ msg: message });
  }
  return undefined;
}

const segmentKeys = ['provider:network_type', 'provider:physical_network', 'provider:segmentation_id'];

/**
 * multi-provider `segments`: fills each segment's missing provider
 * attributes with ATTR_NOT_SPECIFIED and converts the segmentation id, in
 * place, as neutron does.
 */
export function convertAndValidateSegments(data: unknown): string | undefined {
  if (!Array.isArray(data)) return `'${s(data)}' is not a list`;
  for (const segment of data) {
    if (!isDict(segment)) return `'${s(segment)}' is not a dictionary`;
    segment['provider:network_type'] ??= ATTR_NOT_SPECIFIED;
    segment['provider:physical_network'] ??= ATTR_NOT_SPECIFIED;
    const segmentationId = segment['provider:segmentation_id'];
    segment['provider:segmentation_id'] = segmentationId ? convertToInt(segmentationId) : ATTR_NOT_SPECIFIED;
    const unknown = Object.keys(segment).filter((key) => !segmentKeys.includes(key));
    if (unknown.length > 0) throw new HTTPBadRequest({ msg: `Unrecognized attribute(s) '${unknown.join(', ')}'` });
  }
  return undefined;
}

// neutron stores the hints as a JSON string in a 255-character column.
const AZ_HINTS_DB_LEN = 255;

export function validateAvailabilityZoneHints(data: unknown): string | undefined {
  const message = validateListOfUniqueStrings(data);
  if (message) return message;
  if (pythonJsonDumps(data as string[]).length > AZ_HINTS_DB_LEN) {
    throw new InvalidInput({ error_message: 'Too many availability_zone_hints specified' });
  }
  return undefined;
}

// Python's json.dumps separators (", ") decide the stored length.
function pythonJsonDumps(items: readonly string[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;
}

/**
 * neutron_lib's validate_subnet_service_types: a list of device owners, each
 * starting with network:, neutron: or compute: (neutron adds "compute:" to
 * its prefix list one character at a time, which lets any type starting with
 * one of them through; here the prefix counts whole).
 */
export function validateSubnetServiceTypes(data: unknown): string | undefined {
  if (data === null || data === undefined || (Array.isArray(data) && data.length === 0)) return undefined;
  if (!Array.isArray(data)) throw new HTTPBadRequest({ msg: 'Subnet service types must be a list.' });
  const prefixes: readonly string[] = [...DEVICE_OWNER_PREFIXES, DEVICE_OWNER_COMPUTE_PREFIX];
  for (const serviceType of data) {
    if (typeof serviceType !== 'string') throw new InvalidInputSubnetServiceType({ service_type: s(serviceType) });
    if (!prefixes.some((prefix) => serviceType.startsWith(prefix))) throw new InvalidSubnetServiceType({ service_type: serviceType });
  }
  return undefined;
}
