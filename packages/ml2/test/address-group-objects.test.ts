import type { VersionedObjectPrimitive } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { admin, ml2Plugin, projectContext, type Notification } from './plugin-helpers.js';

/*
 * Address groups as the L2 agents' resource cache gets them (neutron Zed's
 * AddressGroup 1.2 by bulk_pull, pushed on every change as ovo_rpc does),
 * which SecurityGroupServerAPIShim turns into the addresses of rules whose
 * remote is the group.
 */

function data(object: VersionedObjectPrimitive | undefined): Record<string, unknown> {
  return (object?.['versioned_object.data'] ?? {}) as Record<string, unknown>;
}

function pushed(notifications: readonly Notification[], topic: string): string[] {
  return notifications
    .filter((n) => n.topic === topic)
    .flatMap((n) => {
      const args = n.args as { event_type: string; resource_list: VersionedObjectPrimitive[] };
      return args.resource_list.map((object) => `${args.event_type} ${String(data(object)['id'])} ${JSON.stringify(data(object)['addresses'] ?? null)}`);
    });
}

describe('address group objects', () => {
  it('gives a group as AddressGroup 1.2 with its addresses, and rules naming it', async () => {
    const { plugin } = await ml2Plugin();
    const group = await plugin.createAddressGroup(projectContext, { name: 'ag', description: 'd', addresses: ['10.0.0.5/24', '2001:db8::1/64'] });
    const [object] = await plugin.resourceProducers.get('AddressGroup').bulkPull(admin, { id: [String(group['id'])] }, '1.2');
    expect(object).toMatchObject({ 'versioned_object.name': 'AddressGroup', 'versioned_object.version': '1.2' });
    expect(data(object)).toEqual({
      id: group['id'],
      name: 'ag',
      project_id: 'p1',
      shared: false,
      addresses: ['10.0.0.0/24', '2001:db8::/64'].map((address) => ({
        'versioned_object.name': 'AddressAssociation',
        'versioned_object.namespace': 'versionedobjects',
        'versioned_object.version': '1.0',
        'versioned_object.data': { address, address_group_id: group['id'] },
      })),
      description: 'd',
      revision_number: 0,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const sg = await plugin.createSecurityGroup(projectContext, { name: 'web' });
    const rule = await plugin.createSecurityGroupRule(projectContext, {
      security_group_id: sg['id'],
      direction: 'ingress',
      remote_address_group_id: group['id'],
    });
    const [ruleObject] = await plugin.resourceProducers.get('SecurityGroupRule').bulkPull(admin, { id: [String(rule['id'])] }, '1.2');
    expect(data(ruleObject)).toMatchObject({ remote_address_group_id: group['id'], normalized_cidr: null });
    expect('remote_ip_prefix' in data(ruleObject)).toBe(false);
  });

  it('pushes a group when it is created, changed and deleted', async () => {
    const { plugin, notifications } = await ml2Plugin();
    const group = await plugin.createAddressGroup(projectContext, { name: 'ag', addresses: ['10.0.0.0/24'] });
    const id = String(group['id']);
    await plugin.addAddresses(projectContext, id, { addresses: ['192.0.2.1'] });
    await plugin.removeAddresses(projectContext, id, { addresses: ['10.0.0.0/24'] });
    await plugin.deleteAddressGroup(projectContext, id);
    const address = (text: string) => ({
      'versioned_object.name': 'AddressAssociation',
      'versioned_object.namespace': 'versionedobjects',
      'versioned_object.version': '1.0',
      'versioned_object.data': { address: text, address_group_id: id },
    });
    expect(pushed(notifications, 'neutron-vo-AddressGroup-1.2')).toEqual([
      `updated ${id} ${JSON.stringify([address('10.0.0.0/24')])}`,
      `updated ${id} ${JSON.stringify([address('10.0.0.0/24'), address('192.0.2.1/32')])}`,
      `updated ${id} ${JSON.stringify([address('192.0.2.1/32')])}`,
      `deleted ${id} null`,
    ]);
  });
});
