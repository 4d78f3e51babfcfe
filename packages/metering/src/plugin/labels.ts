import { givenBoolean, givenString, type TableResource } from 'net-server';
import type { MeteringLabelRow } from '../db/schema.js';
import { MeteringLabelNotFound } from '../errors.js';

/**
 * Metering labels (neutron's MeteringLabel): a project's, or shared with
 * every project; the model has no standard attributes (its description is
 * a column of its own, and labels take no tags).
 */
export const meteringLabels: TableResource<MeteringLabelRow> = {
  table: 'meteringlabels',
  member: 'metering_label',
  collection: 'metering_labels',
  visibility: 'owner-or-shared',
  standardAttributes: false,
  notFound: (id) => new MeteringLabelNotFound({ label_id: id }),
  toDict: (row) => ({ name: row.name, description: row.description, shared: Boolean(row.shared) }),
  newRow: (body) => ({
    name: givenString(body, 'name') ?? '',
    description: givenString(body, 'description') ?? '',
    shared: givenBoolean(body, 'shared') ?? false,
  }),
};
