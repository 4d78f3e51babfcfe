import { FlatNetworkInUse, constants } from '@net-server/lib';
import { flatOptions } from '../config/options.js';
import type { Ml2Db } from '../db/schema.js';
import { invalid, rejectExtraKeys } from './invalid-segment.js';
import { MtuSettings } from './mtu.js';
import type { SegmentSpec } from './segment.js';
import { SegmentAllocations } from './segment-allocations.js';
import type { TypeDriver, TypeDriverInit } from './type-driver.js';

/**
 * Flat networks: untagged, one network per physical network, listed in
 * [ml2_type_flat] flat_networks ('*' for any). Provider networks only.
 */
export class FlatTypeDriver implements TypeDriver {
  readonly networkType = constants.TYPE_FLAT;
  readonly #allowed: readonly string[];
  readonly #mtu: MtuSettings;
  readonly #allocations = new SegmentAllocations(constants.TYPE_FLAT);

  constructor({ config }: TypeDriverInit) {
    this.#allowed = config
      .get('ml2_type_flat', flatOptions.flatNetworks)
      .map((name) => name.trim())
      .filter((name) => name !== '');
    this.#mtu = new MtuSettings(config);
  }

  isPartialSegment(): boolean {
    return false;
  }

  validateProviderSegment(segment: SegmentSpec): void {
    const physnet = segment.physical_network;
    if (!physnet) throw invalid('physical_network required for flat provider network');
    if (this.#allowed.length === 0) throw invalid('Flat provider networks are disabled');
    if (!this.#allowed.includes('*') && !this.#allowed.includes(physnet)) {
      throw invalid(`physical_network '${physnet}' unknown for flat provider network`);
    }
    rejectExtraKeys(segment, ['network_type', 'physical_network'], 'flat provider network');
  }

  async reserveProviderSegment(db: Ml2Db, segment: SegmentSpec): Promise<SegmentSpec> {
    const physnet = segment.physical_network ?? '';
    if (!(await this.#allocations.reserve(db, physnet, 0))) throw new FlatNetworkInUse({ physical_network: physnet });
    return { network_type: this.networkType, physical_network: physnet, segmentation_id: null };
  }

  async allocateTenantSegment(): Promise<undefined> {
    return undefined;
  }

  async releaseSegment(db: Ml2Db, segment: SegmentSpec): Promise<void> {
    await this.#allocations.release(db, segment.physical_network ?? '', 0);
  }

  getMtu(physicalNetwork: string | null): number {
    return this.#mtu.physical(physicalNetwork);
  }
}
