import { TunnelTypeDriver } from './tunnel-type-driver.js';
import { VXLAN } from './tunnel-types.js';
import type { TypeDriverInit } from './type-driver.js';

/** VXLAN networks, tenant VNIs from [ml2_type_vxlan] vni_ranges. */
export class VxlanTypeDriver extends TunnelTypeDriver {
  constructor(init: TypeDriverInit) {
    super(init, VXLAN);
  }
}
