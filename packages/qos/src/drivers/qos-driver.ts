import { constants, type ValidateSpec } from '@net-server/lib';
import {
  DB_INTEGER_MAX_VALUE,
  RULE_TYPE_BANDWIDTH_LIMIT,
  RULE_TYPE_DSCP_MARKING,
  RULE_TYPE_MINIMUM_BANDWIDTH,
  RULE_TYPE_MINIMUM_PACKET_RATE,
  RULE_TYPE_PACKET_RATE_LIMIT,
  VALID_DIRECTIONS,
  VALID_DIRECTIONS_AND_ANY,
  VALID_DSCP_MARKS,
  type RuleType,
} from '../constants.js';

/** Per rule type, the parameters a driver supports and the values it accepts. */
export type SupportedRules = Readonly<Partial<Record<RuleType, Readonly<Record<string, ValidateSpec>>>>>;

/**
 * A QoS backend (neutron_lib.services.qos.base.DriverBase): which rules it
 * enforces, for ports of which VIF or VNIC types, and whether its agents
 * need policies pushed over RPC. In neutron each ML2 mechanism driver
 * registers its own; here they are chosen by the names in
 * `[ml2] mechanism_drivers`.
 */
export interface QosDriver {
  readonly name: string;
  readonly vifTypes: readonly string[];
  readonly vnicTypes: readonly string[];
  readonly supportedRules: SupportedRules;
  readonly requiresRpcNotifications: boolean;
  /** Rules a network may carry beyond the parameter checks (OVS: minimum bandwidth only on physnet-backed networks). */
  readonly ruleNeedsPhysicalNetwork?: readonly RuleType[];
}

const INTEGER: ValidateSpec = { type: 'type:range', arg: [0, DB_INTEGER_MAX_VALUE] };
const DIRECTIONS: ValidateSpec = { type: 'type:values', arg: VALID_DIRECTIONS };
const DSCP: ValidateSpec = { type: 'type:values', arg: VALID_DSCP_MARKS };

/** neutron.services.qos.drivers.openvswitch. */
export const OPENVSWITCH_QOS_DRIVER: QosDriver = {
  name: 'openvswitch',
  vifTypes: [constants.VIF_TYPE_OVS, constants.VIF_TYPE_VHOST_USER],
  vnicTypes: [constants.VNIC_NORMAL, constants.VNIC_DIRECT],
  supportedRules: {
    [RULE_TYPE_BANDWIDTH_LIMIT]: { max_kbps: INTEGER, max_burst_kbps: INTEGER, direction: DIRECTIONS },
    [RULE_TYPE_DSCP_MARKING]: { dscp_mark: DSCP },
    [RULE_TYPE_MINIMUM_BANDWIDTH]: { min_kbps: INTEGER, direction: DIRECTIONS },
    [RULE_TYPE_MINIMUM_PACKET_RATE]: { min_kpps: INTEGER, direction: { type: 'type:values', arg: VALID_DIRECTIONS_AND_ANY } },
    [RULE_TYPE_PACKET_RATE_LIMIT]: { max_kpps: INTEGER, max_burst_kpps: INTEGER, direction: DIRECTIONS },
  },
  requiresRpcNotifications: true,
  ruleNeedsPhysicalNetwork: [RULE_TYPE_MINIMUM_BANDWIDTH],
};

/** neutron.services.qos.drivers.linuxbridge. */
export const LINUXBRIDGE_QOS_DRIVER: QosDriver = {
  name: 'linuxbridge',
  vifTypes: [constants.VIF_TYPE_BRIDGE, constants.VIF_TYPE_TAP],
  vnicTypes: [constants.VNIC_NORMAL],
  supportedRules: {
    [RULE_TYPE_BANDWIDTH_LIMIT]: { max_kbps: INTEGER, max_burst_kbps: INTEGER, direction: DIRECTIONS },
    [RULE_TYPE_DSCP_MARKING]: { dscp_mark: DSCP },
  },
  requiresRpcNotifications: true,
};

/** The QoS driver of each ML2 mechanism driver that has one, by the mechanism driver's name. */
export const QOS_DRIVERS_BY_MECHANISM: Readonly<Record<string, QosDriver>> = {
  openvswitch: OPENVSWITCH_QOS_DRIVER,
  linuxbridge: LINUXBRIDGE_QOS_DRIVER,
};
