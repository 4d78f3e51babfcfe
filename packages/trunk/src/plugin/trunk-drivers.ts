import { constants, PluginConfigError, type ConfigReader } from '@net-server/lib';
import { MAX_VLAN_TAG, MIN_VLAN_TAG, SEGMENTATION_TYPE_VLAN } from '../constants.js';

/**
 * A server-side trunk driver (neutron's trunk DriverBase): the interfaces
 * (VIF types) it wires, its segmentation types, the agent that does the
 * wiring, and whether a trunk may be made on (or removed from) a parent
 * port that is already bound.
 */
export interface TrunkDriver {
  readonly name: string;
  readonly interfaces: readonly string[];
  readonly segmentationTypes: readonly string[];
  readonly agentType: string;
  readonly canTrunkBoundPort: boolean;
}

/** neutron's in-tree drivers: Open vSwitch and Linux bridge, loaded when their ML2 mechanism drivers are. */
export const TRUNK_DRIVERS: readonly TrunkDriver[] = [
  {
    name: 'linuxbridge',
    interfaces: [constants.VIF_TYPE_BRIDGE],
    segmentationTypes: [SEGMENTATION_TYPE_VLAN],
    agentType: constants.AGENT_TYPE_LINUXBRIDGE,
    canTrunkBoundPort: true,
  },
  {
    name: 'openvswitch',
    interfaces: [constants.VIF_TYPE_OVS, constants.VIF_TYPE_VHOST_USER],
    segmentationTypes: [SEGMENTATION_TYPE_VLAN],
    agentType: constants.AGENT_TYPE_OVS,
    canTrunkBoundPort: false,
  },
];

/** A segmentation id's check, by segmentation type (neutron's seg_types validators). */
const SEGMENTATION_ID_CHECKS: Readonly<Record<string, (id: number) => boolean>> = {
  [SEGMENTATION_TYPE_VLAN]: (id) => Number.isInteger(id) && id >= MIN_VLAN_TAG && id <= MAX_VLAN_TAG,
};

/** The drivers and segmentation types the configuration enables. */
export interface TrunkDriverSet {
  /** Every registered driver: which one owns a bound port decides whether it may be trunked. */
  readonly registered: readonly TrunkDriver[];
  /** Segmentation type -> its id check, for the types every loaded driver supports. */
  readonly segmentationTypes: ReadonlyMap<string, (id: number) => boolean>;
}

/**
 * neutron's TrunkPlugin.check_compatibility: a driver is loaded when ML2
 * loads its mechanism driver; without one the plugin cannot serve trunks.
 * Subports may use the segmentation types every loaded driver supports
 * (VLAN, for both in-tree drivers).
 */
export function loadTrunkDrivers(config: ConfigReader): TrunkDriverSet {
  const mechanisms = config.has('ml2', 'mechanism_drivers') ? config.value('ml2', 'mechanism_drivers') : [];
  const names = Array.isArray(mechanisms) ? mechanisms.map(String) : [];
  const loaded = TRUNK_DRIVERS.filter((driver) => names.includes(driver.name));
  if (loaded.length === 0) {
    throw new PluginConfigError(
      'ml2',
      'mechanism_drivers',
      'cannot load the trunk plugin: no compatible core plugin configuration is found. Use core_plugin = ml2 with the openvswitch or linuxbridge mechanism driver, or remove trunk from service_plugins',
    );
  }
  const shared = loaded.map((driver) => driver.segmentationTypes).reduce((common, types) => common.filter((type) => types.includes(type)));
  const segmentationTypes = new Map(shared.flatMap((type) => (SEGMENTATION_ID_CHECKS[type] ? [[type, SEGMENTATION_ID_CHECKS[type]] as const] : [])));
  return { registered: TRUNK_DRIVERS, segmentationTypes };
}
