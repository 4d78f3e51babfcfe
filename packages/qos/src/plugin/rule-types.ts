import { matchesFilters, NotAuthorized, type Context, type ListOptions, type ResourceDict } from '@net-server/lib';
import { RULE_TYPES, type RuleType } from '../constants.js';
import type { QosDriverManager } from '../drivers/qos-driver-manager.js';
import { QosRuleTypeNotFound } from '../errors.js';

/** GET /qos/rule-types (the types every loaded driver supports) and /qos/rule-types/{type} (admins: the drivers' details). */
export class RuleTypes {
  constructor(private readonly drivers: QosDriverManager) {}

  async getRuleTypes(_context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    return this.drivers
      .supportedRuleTypes()
      .map((type) => ({ type }))
      .filter((ruleType) => matchesFilters(ruleType, options.filters));
  }

  async getRuleType(context: Context, type: string): Promise<ResourceDict> {
    // As neutron's get_rule_type, which answers non-admins NotAuthorized itself.
    if (!context.isAdmin) throw new NotAuthorized({});
    if (!(RULE_TYPES as readonly string[]).includes(type)) throw new QosRuleTypeNotFound({ rule_type: type });
    return { type, drivers: this.drivers.ruleTypeDetails(type as RuleType) };
  }
}
