import { Ml2ConfigError } from '../errors.js';

export interface IdRange {
  min: number;
  max: number;
}

/** Tenant VLAN ranges per physical network; an empty list: provider networks only. */
export type VlanRanges = Map<string, IdRange[]>;

function parseBound(text: string, group: string, option: string, entry: string): number {
  if (!/^\s*\d+\s*$/.test(text)) throw new Ml2ConfigError(group, option, `"${entry}" holds "${text}", which is not a whole number`);
  return Number(text);
}

function checkRange(range: IdRange, bounds: IdRange, group: string, option: string, entry: string): IdRange {
  if (range.min < bounds.min || range.max > bounds.max) {
    throw new Ml2ConfigError(group, option, `"${entry}" lies outside ${bounds.min}-${bounds.max}`);
  }
  if (range.min > range.max) throw new Ml2ConfigError(group, option, `"${entry}" has its minimum above its maximum`);
  return range;
}

/** `<min>:<max>` entries (vni_ranges, tunnel_id_ranges), checked against the type's valid ids. */
export function parseIdRanges(entries: readonly string[], bounds: IdRange, group: string, option: string): IdRange[] {
  return entries.map((entry) => {
    const parts = entry.split(':');
    if (parts.length !== 2) throw new Ml2ConfigError(group, option, `"${entry}" is not of the form <min>:<max>`);
    const range = { min: parseBound(parts[0]!, group, option, entry), max: parseBound(parts[1]!, group, option, entry) };
    return checkRange(range, bounds, group, option, entry);
  });
}

/** `<physnet>` or `<physnet>:<min>:<max>` entries (network_vlan_ranges); a physnet may appear several times. */
export function parseVlanRanges(entries: readonly string[], bounds: IdRange, group: string, option: string): VlanRanges {
  const ranges: VlanRanges = new Map();
  for (const entry of entries) {
    const parts = entry.split(':');
    const physnet = parts[0]!.trim();
    if (physnet === '' || (parts.length !== 1 && parts.length !== 3)) {
      throw new Ml2ConfigError(group, option, `"${entry}" is not of the form <physical_network>[:<vlan_min>:<vlan_max>]`);
    }
    // As in neutron: a bare physnet offers every valid tag, whatever else is listed for it.
    if (parts.length === 1) {
      ranges.set(physnet, [{ ...bounds }]);
      continue;
    }
    const range = { min: parseBound(parts[1]!, group, option, entry), max: parseBound(parts[2]!, group, option, entry) };
    checkRange(range, bounds, group, option, entry);
    const list = ranges.get(physnet) ?? [];
    if (list.length === 1 && list[0]!.min === bounds.min && list[0]!.max === bounds.max) continue;
    ranges.set(physnet, [...list, range]);
  }
  return ranges;
}

/** `<physnet>:<mtu>` entries (physical_network_mtus). */
export function parseMtuMappings(entries: readonly string[], group: string, option: string): Map<string, number> {
  const mtus = new Map<string, number>();
  for (const entry of entries) {
    const parts = entry.split(':');
    if (parts.length !== 2 || parts[0]!.trim() === '') {
      throw new Ml2ConfigError(group, option, `"${entry}" is not of the form <physical_network>:<mtu>`);
    }
    mtus.set(parts[0]!.trim(), parseBound(parts[1]!, group, option, entry));
  }
  return mtus;
}
