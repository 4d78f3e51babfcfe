import { createHash } from 'node:crypto';

/**
 * RFC 4122 version 5 (SHA-1) UUID of `name` (UTF-8) in the namespace of a
 * UUID, as Python's uuid.uuid5: neutron derives ids with it that agents and
 * Nova must compute the same way (DHCP ports' device_id, request groups).
 */
export function uuid5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** RFC 4122's DNS namespace, Python's uuid.NAMESPACE_DNS. */
export const NAMESPACE_DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
