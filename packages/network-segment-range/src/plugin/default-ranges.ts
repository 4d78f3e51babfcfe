import { createHash } from 'node:crypto';
import { timestampNow } from '@net-server/lib';
import type { ConfiguredRange, RangedTypeDriver, SegmentRange, SegmentRangeSource } from '@net-server/ml2';
import { insertSkippingDuplicates } from 'net-server';
import type { NetworkSegmentRangeRow, RangesDb } from '../db/schema.js';

/**
 * A default range's id, from what it is: every server derives the same
 * one, so that two of them storing the configured ranges at once store
 * each range once.
 */
export function defaultRangeId(networkType: string, range: ConfiguredRange): string {
  const hex = createHash('sha1')
    .update(`network_segment_range/${networkType}/${range.physicalNetwork ?? ''}/${range.min}/${range.max}`)
    .digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** How the type drivers see a stored range. */
export function asSegmentRange(row: NetworkSegmentRangeRow): SegmentRange {
  return {
    physicalNetwork: row.physical_network,
    min: Number(row.minimum),
    max: Number(row.maximum),
    shared: Boolean(row.shared),
    projectId: row.project_id,
  };
}

/**
 * The default ranges (neutron's `default` ranges, from [ml2_type_*] of
 * each type driver): stored with the ranges so that the API shows them and
 * allocation reads them with the others. As neutron does at start, stored
 * defaults that the configuration no longer has go and the configured
 * ones are stored; here this happens in the first transaction that reads a
 * type's ranges, and again whenever they differ from the configuration.
 * Readers of the ranges (the API, allocation) go through `rangesOf`.
 */
export class DefaultRanges implements SegmentRangeSource {
  constructor(private readonly drivers: ReadonlyMap<string, RangedTypeDriver>) {}

  get networkTypes(): string[] {
    return [...this.drivers.keys()];
  }

  /** SegmentRangeSource: the ranges ML2's type driver of `networkType` allocates from. */
  async ranges(db: object, networkType: string): Promise<SegmentRange[]> {
    return (await this.rangesOf(db as RangesDb, networkType)).map(asSegmentRange);
  }

  /** The stored ranges of a type, its defaults brought in line with the configuration first. */
  async rangesOf(db: RangesDb, networkType: string): Promise<NetworkSegmentRangeRow[]> {
    const rows = await db.selectFrom('network_segment_ranges').selectAll().where('network_type', '=', networkType).execute();
    const driver = this.drivers.get(networkType);
    if (driver === undefined) return rows;
    const wanted = new Map(driver.configuredRanges().map((range) => [defaultRangeId(networkType, range), range]));
    const stale = rows.filter((row) => Boolean(row.default) && !wanted.has(row.id)).map((row) => row.id);
    const missing = [...wanted].filter(([id]) => !rows.some((row) => row.id === id));
    if (stale.length === 0 && missing.length === 0) return rows;
    if (stale.length > 0) await db.deleteFrom('network_segment_ranges').where('id', 'in', stale).execute();
    const now = timestampNow();
    const fresh = missing.map(([id, range]) => ({
      id,
      name: '',
      default: 1,
      shared: 1,
      project_id: null,
      network_type: networkType,
      physical_network: range.physicalNetwork,
      minimum: range.min,
      maximum: range.max,
      description: '',
      revision_number: 0,
      created_at: now,
      updated_at: now,
    }));
    await insertSkippingDuplicates(db, 'network_segment_ranges', fresh, (conflict) => conflict.column('id').doNothing());
    return db.selectFrom('network_segment_ranges').selectAll().where('network_type', '=', networkType).execute();
  }

  /** Every managed type's defaults in line with the configuration, before the API reads the ranges. */
  async syncAll(db: RangesDb): Promise<void> {
    for (const type of this.drivers.keys()) await this.rangesOf(db, type);
  }
}
