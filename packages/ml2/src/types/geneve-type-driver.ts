import { TunnelTypeDriver } from './tunnel-type-driver.js';
import { GENEVE } from './tunnel-types.js';
import type { TypeDriverInit } from './type-driver.js';

/** Geneve networks, tenant VNIs from [ml2_type_geneve] vni_ranges; the header size is configurable. */
export class GeneveTypeDriver extends TunnelTypeDriver {
  constructor(init: TypeDriverInit) {
    super(init, GENEVE);
  }
}
