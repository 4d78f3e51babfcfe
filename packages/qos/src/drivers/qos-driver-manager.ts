import { constants, validators, type ResourceDict } from '@net-server/lib';
import { RULE_TYPES, type RuleType } from '../constants.js';
import type { QosRule } from '../plugin/rule-kinds.js';
import type { QosDriver } from './qos-driver.js';

/** A rule type's entry in GET /qos/rule-types/{type}: one per driver supporting it (neutron's QosRuleTypeDriver). */
export interface RuleTypeDriverDetails {
  name: string;
  supported_parameters: { parameter_name: string; parameter_values: unknown; parameter_type: 'range' | 'choices' }[];
}

/**
 * The loaded QoS drivers (neutron's QosServiceDriverManager): which rule
 * types the deployment offers, and whether a rule can be enforced on a port
 * or a network.
 */
export class QosDriverManager {
  constructor(readonly drivers: readonly QosDriver[]) {}

  get rpcNotificationsRequired(): boolean {
    return this.drivers.some((driver) => driver.requiresRpcNotifications);
  }

  /** The types every driver supports; with `allSupported`, those some driver supports; with `allRules`, every type. */
  supportedRuleTypes(options: { allSupported?: boolean; allRules?: boolean } = {}): RuleType[] {
    if (options.allRules) return [...RULE_TYPES];
    if (this.drivers.length === 0) return [];
    const supports = (driver: QosDriver, type: RuleType): boolean => driver.supportedRules[type] !== undefined;
    return RULE_TYPES.filter((type) => (options.allSupported ? this.drivers.some((d) => supports(d, type)) : this.drivers.every((d) => supports(d, type))));
  }

  ruleTypeDetails(type: RuleType): RuleTypeDriverDetails[] {
    return this.drivers.flatMap((driver) => {
      const parameters = driver.supportedRules[type];
      if (!parameters) return [];
      return [
        {
          name: driver.name,
          supported_parameters: Object.entries(parameters).map(([name, spec]) => {
            const values = spec.arg as readonly unknown[];
            return spec.type === 'type:range'
              ? { parameter_name: name, parameter_values: { start: values[0], end: values[1] }, parameter_type: 'range' as const }
              : { parameter_name: name, parameter_values: values, parameter_type: 'choices' as const };
          }),
        },
      ];
    });
  }

  /**
   * Whether a driver compatible with the port (by its bound VIF type, or by
   * its VNIC type while unbound) supports the rule with its values.
   */
  validateRuleForPort(rule: QosRule, port: ResourceDict, network: ResourceDict): boolean {
    const vifType = String(port[constants.VIF_TYPE] ?? constants.VIF_TYPE_UNBOUND);
    const vnicType = String(port[constants.VNIC_TYPE] ?? constants.VNIC_NORMAL);
    const unbound = (constants.VIF_UNPLUGGED_TYPES as readonly string[]).includes(vifType);
    return this.drivers.some(
      (driver) =>
        (unbound ? driver.vnicTypes.includes(vnicType) : driver.vifTypes.includes(vifType)) && supportsRule(driver, rule) && fitsNetwork(driver, rule, network),
    );
  }

  validateRuleForNetwork(rule: QosRule, network: ResourceDict): boolean {
    return this.drivers.some((driver) => supportsRule(driver, rule) && fitsNetwork(driver, rule, network));
  }
}

function supportsRule(driver: QosDriver, rule: QosRule): boolean {
  const parameters = driver.supportedRules[rule.type];
  return parameters !== undefined && Object.entries(parameters).every(([name, spec]) => validators.runValidator(spec, rule[name]) === undefined);
}

// neutron's OVS driver: minimum bandwidth needs the network's first segment on a physical network.
function fitsNetwork(driver: QosDriver, rule: QosRule, network: ResourceDict): boolean {
  if (!driver.ruleNeedsPhysicalNetwork?.includes(rule.type)) return true;
  const segments = network['segments'];
  const first = Array.isArray(segments) && segments.length > 0 ? (segments[0] as ResourceDict) : network;
  const physnet = first['provider:physical_network'];
  return typeof physnet === 'string' && physnet !== '';
}
