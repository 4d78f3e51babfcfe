import { ATTR_NOT_SPECIFIED, type AttributeMap, type Context } from '@net-server/lib';
import { PolicyNotAuthorized } from '../http-errors.js';
import { andCheck, checkToString, ruleCheck, type Check } from './check.js';
import { parseCheck } from './check-parser.js';

/** A resource's attributes as a policy check sees them. */
export type PolicyTarget = Readonly<Record<string, unknown>>;

/**
 * Fetches a parent resource for checks such as `tenant_id:%(network:tenant_id)s`:
 * member name ("network") and id -> the resource, or undefined.
 */
export type ParentLookup = (member: string, id: string) => Promise<PolicyTarget | undefined>;

export interface PolicyRequest {
  /** The collection the action is on ("networks"), to find attribute rules. */
  collection: string;
  lookup: ParentLookup;
  /** For updates: the attributes the request changes. */
  attributesToUpdate?: readonly string[];
}

const DEFAULT_RULE = 'default';

/**
 * neutron's policy engine over oslo.policy rules: `enforce` raises
 * PolicyNotAuthorized, `check` answers. For create and update actions the
 * rule checked is the action's own and, for every attribute with
 * `enforcePolicy` that the request sets, `<action>:<attribute>` (and
 * `<action>:<attribute>:<key>` for the keys of list-of-dict values such as
 * fixed_ips), as neutron's _build_match_rule. A rule with no definition
 * falls back to the `default` rule.
 */
export class PolicyEnforcer {
  readonly #texts: ReadonlyMap<string, string>;
  readonly #parsed = new Map<string, Check>();

  constructor(
    rules: ReadonlyMap<string, string>,
    private readonly attributes: (collection: string) => AttributeMap | undefined,
  ) {
    this.#texts = rules;
  }

  /** Rule name -> check string, as loaded. */
  get rules(): ReadonlyMap<string, string> {
    return this.#texts;
  }

  /** Raises PolicyNotAuthorized (403) unless the context may perform the action on the target. */
  async enforce(context: Context, action: string, target: PolicyTarget, request: PolicyRequest): Promise<void> {
    // As neutron with enforce_new_defaults off: admins are not checked.
    if (context.isAdmin) return;
    const rule = this.#matchRule(action, target, request);
    if (!(await this.#evaluate(rule, context, target, request))) {
      throw new PolicyNotAuthorized({ rule: checkToString(rule) });
    }
  }

  /**
   * `isAdmin` and `isAdvsvc` from the `context_is_admin` and
   * `context_is_advsvc` rules, as neutron_lib's Context asks the policy
   * engine, so a policy file can make other roles admins.
   */
  async privileges(context: Context): Promise<{ isAdmin: boolean; isAdvsvc: boolean }> {
    const request: PolicyRequest = { collection: '', lookup: async () => undefined };
    const isAdmin = await this.check(context, 'context_is_admin', {}, request);
    const isAdvsvc = isAdmin || (await this.check(context, 'context_is_advsvc', {}, request));
    return { isAdmin, isAdvsvc };
  }

  /** Whether the action is allowed. */
  async check(context: Context, action: string, target: PolicyTarget, request: PolicyRequest): Promise<boolean> {
    return this.decide(context, action, target, request);
  }

  /**
   * `check`, answered at once when no part of the rule needs a parent
   * resource looked up (most do not): a list of a thousand ports checks
   * every attribute of every port, and a promise per check was most of it.
   */
  decide(context: Context, action: string, target: PolicyTarget, request: PolicyRequest): MaybePromise<boolean> {
    return this.#evaluate(this.#matchRule(action, target, request), context, target, request);
  }

  #matchRule(action: string, target: PolicyTarget, request: PolicyRequest): Check {
    const checks: Check[] = [ruleCheck(action)];
    const verb = action.split(':', 1)[0]!.split('_', 1)[0]!;
    const attributes = verb === 'get' || verb === 'delete' ? undefined : this.attributes(request.collection);
    for (const [name, spec] of Object.entries(attributes ?? {})) {
      if (spec.enforcePolicy !== true || !isExplicitlySet(name, spec, target, request.attributesToUpdate)) continue;
      const attributeChecks = [ruleCheck(`${action}:${name}`)];
      const value = target[name];
      if (Array.isArray(value)) {
        const keys = value.flatMap((item) => (isRecord(item) ? Object.keys(item) : []));
        if (keys.length > 0) attributeChecks.push(andCheck(keys.map((key) => ruleCheck(`${action}:${name}:${key}`))));
      } else if (isRecord(value) && spec.validate?.type.startsWith('type:dict') === true && isRecord(spec.validate.arg)) {
        const keys = Object.keys(spec.validate.arg).filter((key) => key in value);
        if (keys.length > 0) attributeChecks.push(andCheck(keys.map((key) => ruleCheck(`${action}:${name}:${key}`))));
      }
      checks.push(andCheck(attributeChecks));
    }
    return andCheck(checks);
  }

  #rule(name: string): Check | undefined {
    const cached = this.#parsed.get(name);
    if (cached) return cached;
    const text = this.#texts.get(name);
    if (text === undefined) return undefined;
    const check = parseCheck(text);
    this.#parsed.set(name, check);
    return check;
  }

  #evaluate(check: Check, context: Context, target: PolicyTarget, request: PolicyRequest, depth = 0): MaybePromise<boolean> {
    // A rule file with a cycle must deny, not overflow the stack.
    if (depth > 50) return false;
    const next = (inner: Check): MaybePromise<boolean> => this.#evaluate(inner, context, target, request, depth + 1);
    switch (check.kind) {
      case 'true':
        return true;
      case 'false':
        return false;
      case 'and':
        return everyOf(check.checks, next);
      case 'or':
        return someOf(check.checks, next);
      case 'not': {
        const inner = next(check.check);
        return typeof inner === 'boolean' ? !inner : inner.then((value) => !value);
      }
      case 'rule': {
        const rule = this.#rule(check.name) ?? (check.name === DEFAULT_RULE ? undefined : this.#rule(DEFAULT_RULE));
        return rule === undefined ? false : next(rule);
      }
      case 'role':
        return context.roles.some((role) => role.toLowerCase() === check.role.toLowerCase());
      case 'field':
        return this.#fieldCheck(check, target, request.lookup);
      case 'generic':
        return genericCheck(check.key, check.match, context, target, request.lookup);
    }
  }

  /**
   * neutron's FieldCheck: `field:networks:shared=True`,
   * `field:port:device_owner=~^network:`. `networks:shared` on a port or
   * subnet means its network's `shared`.
   */
  #fieldCheck(check: Extract<Check, { kind: 'field' }>, target: PolicyTarget, lookup: ParentLookup): MaybePromise<boolean> {
    if (!(check.field in target) && check.resource === 'networks' && check.field === 'shared' && typeof target['network_id'] === 'string') {
      return lookup('network', target['network_id']).then((network) => this.#fieldMatches(check, network?.['shared']));
    }
    return this.#fieldMatches(check, target[check.field]);
  }

  #fieldMatches(check: Extract<Check, { kind: 'field' }>, actual: unknown): boolean {
    if (actual === undefined || actual === null || actual === ATTR_NOT_SPECIFIED) return false;
    if (check.value.startsWith('~')) {
      try {
        // Python's re.match: anchored at the start only.
        return new RegExp(`^(?:${check.value.slice(1)})`).test(String(actual));
      } catch {
        return false;
      }
    }
    const spec = this.attributes(check.resource)?.[check.field];
    let expected: unknown = check.value;
    if (spec?.convertTo !== undefined) {
      try {
        expected = spec.convertTo(check.value);
      } catch {
        return false;
      }
    } else if (typeof actual === 'boolean') {
      expected = check.value.toLowerCase() === 'true';
    }
    return typeof actual === 'object' ? false : String(actual) === String(expected);
  }
}

/**
 * oslo.policy's GenericCheck (`project_id:%(project_id)s`) and neutron's
 * OwnerCheck for `tenant_id:%(network:tenant_id)s`, which compares with the
 * owner of the parent resource named before the colon.
 */
function genericCheck(key: string, match: string, context: Context, target: PolicyTarget, lookup: ParentLookup): MaybePromise<boolean> {
  const parent = /^%\((\w+):(\w+)\)s$/.exec(match);
  if (parent) {
    const [, member, field] = parent as unknown as [string, string, string];
    const parentId = target[`${member}_id`];
    if (typeof parentId !== 'string') return false;
    return lookup(member, parentId).then((resource) => {
      const expected = resource?.[field];
      return expected !== undefined && credentialMatches(key, expected, context);
    });
  }
  let missing = false;
  const expected = match.replace(/%\((\w+)\)s/g, (_all, name: string) => {
    const value = target[name];
    if (value === undefined || value === ATTR_NOT_SPECIFIED) missing = true;
    return String(value);
  });
  return !missing && credentialMatches(key, expected, context);
}

/** Whether the credential `key` (or the literal it is) equals `expected`. */
function credentialMatches(key: string, expected: unknown, context: Context): boolean {
  const credentials: Record<string, unknown> = {
    user_id: context.userId,
    project_id: context.projectId,
    tenant_id: context.projectId,
    roles: context.roles,
    is_admin: context.isAdmin,
  };
  const literal = pythonLiteral(key);
  if (literal !== undefined) return literal === String(expected);
  const actual = credentials[key];
  if (actual === undefined || actual === null) return false;
  if (Array.isArray(actual)) return actual.map(String).includes(String(expected));
  return String(actual) === String(expected);
}

type MaybePromise<T> = T | Promise<T>;

/** `and`: the checks in order, stopping at the first false, awaiting only the checks that need it. */
function everyOf(checks: readonly Check[], next: (check: Check) => MaybePromise<boolean>, from = 0): MaybePromise<boolean> {
  for (let index = from; index < checks.length; index++) {
    const result = next(checks[index]!);
    if (typeof result !== 'boolean') return result.then((value) => value && everyOf(checks, next, index + 1));
    if (!result) return false;
  }
  return true;
}

/** `or`: the checks in order, stopping at the first true. */
function someOf(checks: readonly Check[], next: (check: Check) => MaybePromise<boolean>, from = 0): MaybePromise<boolean> {
  for (let index = from; index < checks.length; index++) {
    const result = next(checks[index]!);
    if (typeof result !== 'boolean') return result.then((value) => value || someOf(checks, next, index + 1));
    if (result) return true;
  }
  return false;
}

function pythonLiteral(text: string): string | undefined {
  if (/^(True|False|None|-?\d+(\.\d+)?)$/.test(text)) return text;
  const quoted = /^(['"])(.*)\1$/.exec(text);
  return quoted ? quoted[2] : undefined;
}

function isExplicitlySet(name: string, spec: { default?: unknown }, target: PolicyTarget, attributesToUpdate: readonly string[] | undefined): boolean {
  const value = target[name];
  if (attributesToUpdate !== undefined) return attributesToUpdate.includes(name) && value !== ATTR_NOT_SPECIFIED;
  if (!(name in target) || value === ATTR_NOT_SPECIFIED) return false;
  return !('default' in spec) || !sameValue(value, spec.default);
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
