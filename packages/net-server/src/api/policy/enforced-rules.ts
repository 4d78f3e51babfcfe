import type { AttributeSpec, PolicyVerb } from '@net-server/lib';
import type { ApiModel } from '../api-model.js';
import { policyAction, type ApiResource } from '../api-resource.js';
import { actionPluginMethod, hasPluginMethod } from '../plugin-call.js';

/**
 * Every policy rule the API enforces on what `model` serves: each operation
 * the serving plugin implements (`get_router`, `create_router`...), each
 * member action (`add_router_interface`), and, on create and update, each
 * attribute marked `enforcePolicy` with the keys its dict spec declares
 * (`create_router:external_gateway_info:enable_snat`), as neutron's
 * _build_match_rule asks for them. A rule that is not defined falls back to
 * `default` (admin or owner), which is how a plugin that forgot its rules let
 * members set admin-only attributes; `get_<member>:<attribute>` rules are
 * optional (an attribute without one is shown) and not listed.
 */
export function enforcedPolicyRules(model: ApiModel): string[] {
  const rules = new Set<string>();
  for (const resource of [...model.resources.values(), ...model.subresources.values()]) {
    for (const rule of rulesOf(resource)) rules.add(rule);
  }
  return [...rules].sort();
}

function rulesOf(resource: ApiResource): string[] {
  const { plugin, methods } = resource;
  const handlers: Record<PolicyVerb, string[]> = {
    get: [methods.get, methods.list],
    create: [methods.create],
    update: [methods.update],
    delete: [methods.delete],
  };
  const rules: string[] = [];
  for (const verb of ['get', 'create', 'update', 'delete'] as const) {
    if (!handlers[verb].some((method) => hasPluginMethod(plugin, method))) continue;
    const action = policyAction(resource, verb);
    rules.push(action);
    if (verb === 'create' || verb === 'update') {
      for (const [name, spec] of Object.entries(resource.attributes)) {
        if (spec.enforcePolicy === true && (verb === 'create' ? spec.allowPost : spec.allowPut)) rules.push(...attributeRules(`${action}:${name}`, spec));
      }
    }
  }
  for (const action of resource.actions.keys()) {
    if (hasPluginMethod(plugin, actionPluginMethod(action))) rules.push(action);
  }
  return rules;
}

/** The attribute's rule and, for a dict with declared keys, one per key, as the enforcer checks them. */
function attributeRules(rule: string, spec: AttributeSpec): string[] {
  const arg = spec.validate?.type.startsWith('type:dict') === true ? spec.validate.arg : undefined;
  const keys = typeof arg === 'object' && arg !== null && !Array.isArray(arg) ? Object.keys(arg) : [];
  return [rule, ...keys.map((key) => `${rule}:${key}`)];
}
