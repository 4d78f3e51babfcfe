import { TunnelTypeDriver } from './tunnel-type-driver.js';
import { GRE } from './tunnel-types.js';
import type { TypeDriverInit } from './type-driver.js';

/** GRE networks, tenant tunnel ids from [ml2_type_gre] tunnel_id_ranges. */
export class GreTypeDriver extends TunnelTypeDriver {
  constructor(init: TypeDriverInit) {
    super(init, GRE);
  }
}
