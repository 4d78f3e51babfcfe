import { Context, definitions, withProjectId } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { checkToString } from '../../src/api/policy/check.js';
import { parseCheck } from '../../src/api/policy/check-parser.js';
import { DEFAULT_POLICY_RULES } from '../../src/api/policy/default-rules.js';
import { PolicyEnforcer, type PolicyTarget } from '../../src/api/policy/policy-enforcer.js';

const attributes = (collection: string) =>
  collection === 'networks' || collection === 'ports'
    ? withProjectId({
        ...definitions.CORE_RESOURCE_ATTRIBUTE_MAP[collection],
        ...definitions.PROVIDER_NET.resourceAttributeMap[collection],
        ...definitions.EXTERNAL_NET.resourceAttributeMap[collection],
        ...definitions.PORTBINDINGS.resourceAttributeMap[collection],
      })
    : undefined;

function enforcer(extra: Record<string, string> = {}): PolicyEnforcer {
  const rules = new Map(DEFAULT_POLICY_RULES.map((rule) => [rule.name, rule.check]));
  for (const [name, check] of Object.entries(extra)) rules.set(name, check);
  return new PolicyEnforcer(rules, attributes);
}

const networks: Record<string, PolicyTarget> = {
  'net-a': { id: 'net-a', tenant_id: 'a', project_id: 'a', shared: false },
  'net-shared': { id: 'net-shared', tenant_id: 'a', project_id: 'a', shared: true },
};
const lookup = async (member: string, id: string) => (member === 'network' ? networks[id] : undefined);
const member = (project: string, roles: string[] = ['member']) => new Context({ projectId: project, userId: `u-${project}`, roles });

describe('check strings', () => {
  it.each([
    ['', '@'],
    ['@', '@'],
    ['!', '!'],
    ['role:admin', 'role:admin'],
    ['rule:a or rule:b and rule:c', '(rule:a or (rule:b and rule:c))'],
    ['(rule:a or rule:b) and not rule:c', '((rule:a or rule:b) and not rule:c)'],
    ['not rule:network_device or rule:x', '(not rule:network_device or rule:x)'],
    ['field:networks:router:external=True', 'field:networks:router:external=True'],
    ['tenant_id:%(network:tenant_id)s', 'tenant_id:%(network:tenant_id)s'],
    ['rule:a or', '!'],
    ['(rule:a', '!'],
    ['rule:a rule:b', '!'],
    ['nonsense', '!'],
  ])('parses %j as %s', (text, printed) => {
    expect(checkToString(parseCheck(text))).toBe(printed);
  });
});

describe('neutron default rules', () => {
  const policy = enforcer();
  const request = { collection: 'networks', lookup };

  it.each([
    ['owner reads own network', member('a'), 'get_network', networks['net-a']!, true],
    ['another project cannot read it', member('b'), 'get_network', networks['net-a']!, false],
    ['anyone reads a shared network', member('b'), 'get_network', networks['net-shared']!, true],
    ['advsvc reads anything', member('b', ['advsvc']), 'get_network', networks['net-a']!, true],
    ['admin reads anything', member('b', ['admin']), 'get_network', networks['net-a']!, true],
    ['roles compare case-insensitively', member('b', ['Admin']), 'get_network', networks['net-a']!, true],
    ['members may not see provider attributes', member('a'), 'get_network:provider:network_type', networks['net-a']!, false],
    ['an undefined rule falls back to default (admin_or_owner)', member('b'), 'frobnicate_network', networks['net-a']!, false],
    ['the default lets the owner through', member('a'), 'frobnicate_network', networks['net-a']!, true],
  ])('%s', async (_name, context, action, target, allowed) => {
    expect(await policy.check(context, action, target, request)).toBe(allowed);
  });

  it.each([
    ['a port on a network of its own project', 'a', { network_id: 'net-a', tenant_id: 'b', device_owner: 'network:dhcp' }, 'delete_port', true],
    ['a port of its own on another network', 'b', { network_id: 'net-a', tenant_id: 'b', device_owner: '' }, 'delete_port', true],
    ['someone else’s port on someone else’s network', 'c', { network_id: 'net-a', tenant_id: 'b', device_owner: '' }, 'delete_port', false],
    ['a port whose network is gone', 'c', { network_id: 'gone', tenant_id: 'b' }, 'get_port', false],
  ])('network owner checks: %s', async (_name, project, target, action, allowed) => {
    expect(await policy.check(member(project), action, target, { collection: 'ports', lookup })).toBe(allowed);
  });

  it('checks attribute rules only for attributes the request sets to a non-default value', async () => {
    const create = { name: 'n', shared: false, tenant_id: 'a', project_id: 'a' };
    await expect(policy.enforce(member('a'), 'create_network', create, request)).resolves.toBeUndefined();
    await expect(policy.enforce(member('a'), 'create_network', { ...create, shared: true }, request)).rejects.toMatchObject({
      httpStatus: 403,
      message: '(rule:create_network and rule:create_network:shared) is disallowed by policy',
    });
  });

  it('checks sub-attribute rules of list-of-dict values (fixed_ips)', async () => {
    const port = { network_id: 'net-shared', tenant_id: 'b', project_id: 'b', fixed_ips: [{ ip_address: '10.0.0.5' }] };
    await expect(policy.enforce(member('b'), 'create_port', port, { collection: 'ports', lookup })).rejects.toMatchObject({
      message: '(rule:create_port and (rule:create_port:fixed_ips and rule:create_port:fixed_ips:ip_address)) is disallowed by policy',
    });
    const bySubnet = { ...port, fixed_ips: [{ subnet_id: 's' }] };
    await expect(policy.enforce(member('b'), 'create_port', bySubnet, { collection: 'ports', lookup })).resolves.toBeUndefined();
  });

  it('checks only the attributes an update changes', async () => {
    const target = { ...networks['net-a']!, name: 'renamed' };
    const request = { collection: 'networks', lookup, attributesToUpdate: ['name'] };
    await expect(policy.enforce(member('a'), 'update_network', { ...target, shared: true }, request)).resolves.toBeUndefined();
    await expect(
      policy.enforce(member('a'), 'update_network', { ...target, shared: true }, { ...request, attributesToUpdate: ['shared'] }),
    ).rejects.toMatchObject({ httpStatus: 403 });
  });

  it('lets device_owner network:* ports be created only by the network owner', async () => {
    const port = { network_id: 'net-shared', tenant_id: 'b', project_id: 'b', device_owner: 'network:router_interface' };
    await expect(policy.enforce(member('b'), 'create_port', port, { collection: 'ports', lookup })).rejects.toMatchObject({ httpStatus: 403 });
    await expect(
      policy.enforce(member('a'), 'create_port', { ...port, tenant_id: 'a', project_id: 'a' }, { collection: 'ports', lookup }),
    ).resolves.toBeUndefined();
  });
});

describe('rules from a file', () => {
  it('denies rather than loops on cyclic rules', async () => {
    const policy = enforcer({ loop_a: 'rule:loop_b', loop_b: 'rule:loop_a', get_network: 'rule:loop_a' });
    expect(await policy.check(member('a'), 'get_network', networks['net-a']!, { collection: 'networks', lookup })).toBe(false);
  });

  it('compares generic checks with literals and credentials', async () => {
    const policy = enforcer({ by_user: 'user_id:%(user_id)s', literal: "'abc':%(name)s", never: 'project_id:%(missing)s' });
    const context = member('a');
    const request = { collection: 'networks', lookup };
    expect(await policy.check(context, 'by_user', { user_id: 'u-a' }, request)).toBe(true);
    expect(await policy.check(context, 'by_user', { user_id: 'u-b' }, request)).toBe(false);
    expect(await policy.check(context, 'literal', { name: 'abc' }, request)).toBe(true);
    expect(await policy.check(context, 'never', {}, request)).toBe(false);
  });
});
