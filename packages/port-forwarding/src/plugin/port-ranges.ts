import { pythonString } from '@net-server/lib';
import { badForwarding } from '../errors.js';

/** A range of ports, a single port being a range of one (how neutron stores both). */
export interface PortRange {
  readonly start: number;
  readonly end: number;
}

/** `N` or `N:M`, as the API validated it (type:port_range), or a single port number. */
export function parseRange(value: unknown): PortRange {
  const [start, end = start] = String(value).split(':').map(Number) as [number, number?];
  return { start, end };
}

export function rangeText(range: PortRange): string {
  return `${range.start}:${range.end}`;
}

/**
 * The ranges a body asks for, as neutron's modify_fields_to_db reads it: a
 * range, overridden by a single port when both are given; undefined for a
 * side the body leaves alone.
 */
export function requestedRange(single: unknown, range: unknown): PortRange | undefined {
  if (single !== null && single !== undefined) return parseRange(single);
  if (range !== null && range !== undefined && range !== '') return parseRange(range);
  return undefined;
}

/** neutron's _validate_ranges: N internal ports map to N external ones, or one to many. */
export function checkRangeRelation(internal: PortRange | undefined, external: PortRange | undefined): void {
  const width = (range: PortRange | undefined): number => (range ? range.end - range.start : 0);
  if (width(internal) > 0 && width(internal) !== width(external)) {
    throw badForwarding('Invalid ranges of internal and/or external ports. The relation between internal and external ports must be N-N or 1-N');
  }
}

/** neutron's _check_collision: the first of `others` whose range overlaps `wanted` is a 400 naming both. */
export function checkCollision(others: readonly PortRange[], wanted: PortRange, key: 'internal_port_range' | 'external_port_range'): void {
  const hit = others.find((other) => Math.max(other.start, wanted.start) <= Math.min(other.end, wanted.end));
  if (hit) {
    throw badForwarding(`There is a port collision with the ${pythonString(key)}. The following ranges collides: ${rangeText(hit)} and ${rangeText(wanted)}`);
  }
}
