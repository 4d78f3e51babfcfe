import { canonicalIpAddress, type ResourceDict } from '@net-server/lib';

/**
 * neutron's fixed_ips list filter (`?fixed_ips=ip_address=10.0.0.5&fixed_ips=subnet_id=...`):
 * a port matches when one of its addresses has one of the listed addresses
 * (if any are listed) on one of the listed subnets (if any are listed);
 * `ip_address_substr` matches part of the address. The API may pass the
 * entries as "key=value" strings, as {key: value or values} objects, or as
 * one such object.
 */
export function fixedIpsMatcher(item: ResourceDict, values: readonly unknown[] | Readonly<Record<string, unknown>>): boolean {
  const wanted: Record<'ip_address' | 'subnet_id' | 'ip_address_substr', string[]> = { ip_address: [], subnet_id: [], ip_address_substr: [] };
  const add = (key: string, value: unknown): void => {
    if (key !== 'ip_address' && key !== 'subnet_id' && key !== 'ip_address_substr') return;
    for (const one of Array.isArray(value) ? value : [value]) {
      const text = String(one);
      wanted[key].push(key === 'ip_address' ? (canonicalIpAddress(text) ?? text) : text);
    }
  };
  for (const entry of Array.isArray(values) ? values : [values]) {
    if (typeof entry === 'string') {
      const at = entry.indexOf('=');
      if (at > 0) add(entry.slice(0, at), entry.slice(at + 1));
    } else if (typeof entry === 'object' && entry !== null) {
      for (const [key, value] of Object.entries(entry)) add(key, value);
    }
  }
  const fixedIps = Array.isArray(item['fixed_ips']) ? (item['fixed_ips'] as { ip_address: string; subnet_id: string }[]) : [];
  return fixedIps.some(
    (fixed) =>
      (wanted.ip_address.length === 0 || wanted.ip_address.includes(fixed.ip_address)) &&
      (wanted.subnet_id.length === 0 || wanted.subnet_id.includes(fixed.subnet_id)) &&
      (wanted.ip_address_substr.length === 0 || wanted.ip_address_substr.some((part) => fixed.ip_address.includes(part))),
  );
}
