import { describe, expect, it } from 'vitest';
import {
  Context,
  getAdminContext,
  pluginMethodNames,
  rpcStateReportWorkersSupported,
  rpcWorkersSupported,
  type PluginBase,
  type RpcServerLike,
} from '@net-server/lib';

describe('Context', () => {
  it('takes tenantId as the legacy name of projectId', () => {
    const context = new Context({ userId: 'u1', tenantId: 'p1', roles: ['member'] });
    expect(context.projectId).toBe('p1');
    expect(context.tenantId).toBe('p1');
    expect(context.isAdmin).toBe(false);
    expect(context.requestId).toMatch(/^req-[0-9a-f-]{36}$/);
  });

  it('derives isAdmin from the admin role unless told otherwise', () => {
    expect(new Context({ roles: ['Admin'] }).isAdmin).toBe(true);
    expect(new Context({ roles: ['admin'], isAdmin: false }).isAdmin).toBe(false);
  });

  it('elevates to admin without changing the original', () => {
    const context = new Context({ userId: 'u1', projectId: 'p1', roles: ['member'], requestId: 'req-1' });
    const admin = context.elevated();
    expect(admin.isAdmin).toBe(true);
    expect(admin.roles).toEqual(['member', 'admin']);
    expect(admin.requestId).toBe('req-1');
    expect(admin.projectId).toBe('p1');
    expect(context.isAdmin).toBe(false);
    expect(admin.elevated().roles).toEqual(['member', 'admin']);
  });

  it('round-trips through the RPC dict form with neutron keys', () => {
    const context = new Context({
      userId: 'u1',
      projectId: 'p1',
      roles: ['member'],
      requestId: 'req-abc',
      timestamp: new Date('2026-01-02T03:04:05.678Z'),
    });
    const dict = context.toDict();
    expect(dict).toMatchObject({
      user_id: 'u1',
      tenant_id: 'p1',
      project_id: 'p1',
      is_admin: false,
      roles: ['member'],
      request_id: 'req-abc',
      timestamp: '2026-01-02 03:04:05.678000',
    });
    const back = Context.fromDict(dict);
    expect(back.userId).toBe('u1');
    expect(back.projectId).toBe('p1');
    expect(back.requestId).toBe('req-abc');
    expect(back.timestamp.toISOString()).toBe('2026-01-02T03:04:05.678Z');
  });

  it('reads a context dict from a Python agent using legacy keys', () => {
    const context = Context.fromDict({ user: 'u2', tenant: 'p2', is_admin: true, roles: ['admin', 7] });
    expect(context.userId).toBe('u2');
    expect(context.projectId).toBe('p2');
    expect(context.isAdmin).toBe(true);
    expect(context.roles).toEqual(['admin']);
  });

  it('builds an admin context for server-side work', () => {
    const context = getAdminContext();
    expect(context.isAdmin).toBe(true);
    expect(context.userId).toBeUndefined();
  });
});

describe('RPC worker support', () => {
  const server: RpcServerLike = { stop: async () => {}, wait: async () => {} };

  it('is decided by the plugin having the listener methods', () => {
    const plain: PluginBase = {};
    const rpc: PluginBase = { startRpcListeners: async () => [server] };
    const reports: PluginBase = { startRpcStateReportsListener: async () => [server] };
    expect(rpcWorkersSupported(plain)).toBe(false);
    expect(rpcWorkersSupported(rpc)).toBe(true);
    expect(rpcStateReportWorkersSupported(rpc)).toBe(false);
    expect(rpcStateReportWorkersSupported(reports)).toBe(true);
  });

  it('sees methods a plugin class inherits', () => {
    class Base {
      async startRpcListeners(): Promise<RpcServerLike[]> {
        return [server];
      }
    }
    class Derived extends Base {}
    expect(rpcWorkersSupported(new Derived())).toBe(true);
  });
});

describe('pluginMethodNames', () => {
  it.each([
    ['network', 'networks', ['createNetwork', 'updateNetwork', 'deleteNetwork', 'getNetwork', 'getNetworks', 'getNetworksCount']],
    ['subnetpool', 'subnetpools', ['createSubnetpool', 'updateSubnetpool', 'deleteSubnetpool', 'getSubnetpool', 'getSubnetpools', 'getSubnetpoolsCount']],
    [
      'security_group',
      'security_groups',
      ['createSecurityGroup', 'updateSecurityGroup', 'deleteSecurityGroup', 'getSecurityGroup', 'getSecurityGroups', 'getSecurityGroupsCount'],
    ],
    ['policy', 'policies', ['createPolicy', 'updatePolicy', 'deletePolicy', 'getPolicy', 'getPolicies', 'getPoliciesCount']],
  ])('names the methods for %s', (member, collection, names) => {
    expect(Object.values(pluginMethodNames(member, collection))).toEqual(names);
  });
});
