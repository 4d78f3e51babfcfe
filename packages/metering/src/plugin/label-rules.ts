import { givenBoolean, givenString, type TableResource } from 'net-server';
import type { MeteringLabelRuleRow } from '../db/schema.js';
import { MeteringLabelRuleNotFound } from '../errors.js';

/**
 * Metering label rules (neutron's MeteringLabelRule): no owner of their
 * own, so no project scoping (the policy decides who reads them), no
 * standard attributes; listed by label in SQL. The plugin has checked and
 * normalised the prefixes in the body before they are written.
 */
export const meteringLabelRules: TableResource<MeteringLabelRuleRow> = {
  table: 'meteringlabelrules',
  member: 'metering_label_rule',
  collection: 'metering_label_rules',
  visibility: 'everyone',
  standardAttributes: false,
  notFound: (id) => new MeteringLabelRuleNotFound({ rule_id: id }),
  toDict: (row) => ({
    metering_label_id: row.metering_label_id,
    direction: row.direction,
    remote_ip_prefix: row.remote_ip_prefix,
    source_ip_prefix: row.source_ip_prefix,
    destination_ip_prefix: row.destination_ip_prefix,
    excluded: Boolean(row.excluded),
  }),
  newRow: (body) => ({
    metering_label_id: givenString(body, 'metering_label_id') ?? '',
    direction: givenString(body, 'direction') ?? null,
    remote_ip_prefix: givenString(body, 'remote_ip_prefix') ?? null,
    source_ip_prefix: givenString(body, 'source_ip_prefix') ?? null,
    destination_ip_prefix: givenString(body, 'destination_ip_prefix') ?? null,
    excluded: givenBoolean(body, 'excluded') ?? false,
  }),
  sqlFilters: ['metering_label_id'],
};
