import { constants, PluginConfigError, type CorePlugin } from '@net-server/lib';
import { isRangedTypeDriver, type RangedTypeDriver } from '@net-server/ml2';

/** The core plugin is not ML2 (or lacks its type manager): the ranges would have no type drivers to feed. */
export class Ml2CorePluginRequiredError extends PluginConfigError {
  override readonly code = 'NETWORK_SEGMENT_RANGE_NEEDS_ML2';

  constructor() {
    super(
      'DEFAULT',
      'core_plugin',
      'the network_segment_range service plugin needs the ML2 core plugin, whose type drivers allocate from its ranges. Use core_plugin = ml2, or remove network_segment_range from service_plugins',
    );
    this.name = 'Ml2CorePluginRequiredError';
  }
}

const RANGE_TYPES: readonly string[] = constants.NETWORK_SEGMENT_RANGE_TYPES;

/**
 * ML2's loaded type drivers that take ranges (neutron's TypeManager
 * initialize_network_segment_range_support: VLAN, VXLAN, GRE and Geneve),
 * by network type; checked by shape, ML2 may come from another copy.
 */
export function rangedTypeDrivers(core: CorePlugin): Map<string, RangedTypeDriver> {
  const drivers = (core as { typeManager?: { drivers?: unknown } }).typeManager?.drivers;
  if (!(drivers instanceof Map)) throw new Ml2CorePluginRequiredError();
  const ranged = new Map<string, RangedTypeDriver>();
  for (const [type, driver] of drivers as Map<string, object>) {
    if (RANGE_TYPES.includes(type) && isRangedTypeDriver(driver)) ranged.set(type, driver);
  }
  return ranged;
}
