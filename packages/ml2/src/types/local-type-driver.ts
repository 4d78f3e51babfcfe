import { constants } from '@net-server/lib';
import { invalid, rejectExtraKeys } from './invalid-segment.js';
import type { SegmentSpec } from './segment.js';
import type { TypeDriver } from './type-driver.js';

/** Local networks: connectivity within one host only, no ids to allocate. */
export class LocalTypeDriver implements TypeDriver {
  readonly networkType = constants.TYPE_LOCAL;

  isPartialSegment(): boolean {
    return false;
  }

  validateProviderSegment(segment: SegmentSpec): void {
    if (segment.physical_network) throw invalid('physical_network prohibited for local provider network');
    if (segment.segmentation_id !== null && segment.segmentation_id !== undefined) {
      throw invalid('segmentation_id prohibited for local provider network');
    }
    rejectExtraKeys(segment, ['network_type'], 'local provider network');
  }

  async reserveProviderSegment(): Promise<SegmentSpec> {
    return this.localSegment();
  }

  async allocateTenantSegment(): Promise<SegmentSpec> {
    return this.localSegment();
  }

  async releaseSegment(): Promise<void> {}

  getMtu(): number {
    return 0;
  }

  private localSegment(): SegmentSpec {
    return { network_type: this.networkType, physical_network: null, segmentation_id: null };
  }
}
