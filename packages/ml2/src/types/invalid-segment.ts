import { InvalidInput } from '@net-server/lib';
import type { SegmentSpec } from './segment.js';

/** Throws InvalidInput with neutron's "<key> prohibited for <what>" for any set key outside `allowed`. */
export function rejectExtraKeys(segment: SegmentSpec | object, allowed: readonly string[], what: string): void {
  for (const [key, value] of Object.entries(segment)) {
    if (value !== null && value !== undefined && value !== '' && value !== false && !allowed.includes(key)) {
      throw new InvalidInput({ error_message: `${key} prohibited for ${what}` });
    }
  }
}

export function invalid(message: string): InstanceType<typeof InvalidInput> {
  return new InvalidInput({ error_message: message });
}
