import { matchesFilters, NotAuthorized, type Context, type ListOptions, type ResourceDict } from '@net-server/lib';
import { RULE_TYPES, type RuleType } from '../constants.js';
import type { QosDriverManager } from '../drivers/qos-driver-manager.js';
import { QosRuleTypeNotFound } from '../errors.js';

/** The qos-rule-type-filter flags, as the query string gives them. */
function flag(values: readonly unknown[] | undefined): boolean {
  return values !== undefined && values.some((value) => value === true || String(value).toLowerCase() === 'true');
}

/** GET /qos/rule-types (the types every loaded driver supports) and /qos/rule-types/{type} (admins: the drivers' details). */
export class RuleTypes {
  constructor(private readonly drivers: QosDriverManager) {}

  async getRuleTypes(_context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    const { all_supported: allSupported, all_rules: allRules, ...filters } = options.filters ?? {};
    return this.drivers
      .supportedRuleTypes({ allSupported: flag(allSupported), allRules: flag(allRules) })
      .map((type) => ({ type }))
      .filter((ruleType) => matchesFilters(ruleType, filters));
  }

  async getRuleType(context: Context, type: string): Promise<ResourceDict> {
    // As neutron's get_rule_type, which answers non-admins NotAuthorized itself.
    if (!context.isAdmin) throw new NotAuthorized({});
    if (!(RULE_TYPES as readonly string[]).includes(type)) throw new QosRuleTypeNotFound({ rule_type: type });
    return { type, drivers: this.drivers.ruleTypeDetails(type as RuleType) };
  }
}
