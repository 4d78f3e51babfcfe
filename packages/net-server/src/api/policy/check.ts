/**
 * oslo.policy's check language as a tree: `rule:name`, `role:admin`,
 * `field:networks:shared=True`, `tenant_id:%(tenant_id)s`, `@`, `!`,
 * combined with `and`, `or`, `not` and parentheses.
 */
export type Check =
  | { readonly kind: 'true' }
  | { readonly kind: 'false' }
  | { readonly kind: 'and'; readonly checks: readonly Check[] }
  | { readonly kind: 'or'; readonly checks: readonly Check[] }
  | { readonly kind: 'not'; readonly check: Check }
  | { readonly kind: 'rule'; readonly name: string }
  | { readonly kind: 'role'; readonly role: string }
  | { readonly kind: 'field'; readonly resource: string; readonly field: string; readonly value: string }
  | { readonly kind: 'generic'; readonly key: string; readonly match: string };

export const TRUE_CHECK: Check = { kind: 'true' };
export const FALSE_CHECK: Check = { kind: 'false' };

export function ruleCheck(name: string): Check {
  return { kind: 'rule', name };
}

export function andCheck(checks: readonly Check[]): Check {
  return checks.length === 1 ? checks[0]! : { kind: 'and', checks };
}

/** The text oslo.policy prints for a check, used in PolicyNotAuthorized messages. */
export function checkToString(check: Check): string {
  switch (check.kind) {
    case 'true':
      return '@';
    case 'false':
      return '!';
    case 'and':
    case 'or':
      return `(${check.checks.map(checkToString).join(` ${check.kind} `)})`;
    case 'not':
      return `not ${checkToString(check.check)}`;
    case 'rule':
      return `rule:${check.name}`;
    case 'role':
      return `role:${check.role}`;
    case 'field':
      return `field:${check.resource}:${check.field}=${check.value}`;
    case 'generic':
      return `${check.key}:${check.match}`;
  }
}
