import { cidrsOverlap, parseCidr } from '@net-server/lib';
import { givenBoolean, givenString, type RequestBody, type ResourceStore, type Session } from 'net-server';
import type { MeteringLabelRuleRow } from '../db/schema.js';
import { MeteringLabelRuleOverlaps } from '../errors.js';

/**
 * neutron's MeteringPlugin.check_for_rule_overlaps: a rule's
 * `remote_ip_prefix` may not overlap that of another rule of its label with
 * the same direction and exclusion (source and destination prefixes are
 * not compared, as in neutron). `rule` holds the normalised prefixes;
 * the error names the prefix as the caller wrote it.
 */
export async function ruleOverlapping(session: Session, rules: ResourceStore<MeteringLabelRuleRow>, rule: RequestBody, written: unknown): Promise<void> {
  const remote = givenString(rule, 'remote_ip_prefix');
  const wanted = remote === undefined ? undefined : parseCidr(remote);
  if (wanted === undefined) return;
  const filters = {
    metering_label_id: [givenString(rule, 'metering_label_id') ?? ''],
    direction: [givenString(rule, 'direction') ?? null],
    excluded: [givenBoolean(rule, 'excluded') ?? false],
  };
  for (const existing of await rules.listIn(session, { filters })) {
    const stored = typeof existing['remote_ip_prefix'] === 'string' ? parseCidr(existing['remote_ip_prefix']) : undefined;
    if (stored !== undefined && cidrsOverlap(stored, wanted)) throw new MeteringLabelRuleOverlaps({ remote_ip_prefix: written });
  }
}
