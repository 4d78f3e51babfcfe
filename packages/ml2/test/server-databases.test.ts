import { constants } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { ml2View } from '@net-server/ml2';
import { createMysqlTestDatabase } from '../../net-server/test/mysql.js';
import { createTestDatabase } from '../../net-server/test/postgres.js';
import { admin, ml2Plugin, projectContext } from './plugin-helpers.js';

// The rest of ML2's tests run on SQLite; this runs the plugin's tables through each server database.
describe.each([
  ['PostgreSQL', createTestDatabase],
  ['MariaDB', createMysqlTestDatabase],
])('Ml2Plugin on %s', (_name, createDatabase) => {
  it('keeps segments, bindings, agents, port security and security groups', async () => {
    const { plugin, database } = await ml2Plugin({}, undefined, undefined, { url: await createDatabase() });
    await plugin.agentsDb.createOrUpdate(ml2View(database.db), {
      agent_type: constants.AGENT_TYPE_OVS,
      binary: 'neutron-openvswitch-agent',
      host: 'compute1',
      topic: 'N/A',
      configurations: { bridge_mappings: { physnet1: 'br-vlan' }, tunnel_types: ['vxlan'] },
    });
    const vlan = await plugin.createNetwork(admin, {
      name: 'v',
      'provider:network_type': 'vlan',
      'provider:physical_network': 'physnet1',
      'provider:segmentation_id': 4000,
    });
    expect(vlan).toMatchObject({ 'provider:segmentation_id': 4000, mtu: 1500 });
    await expect(
      plugin.createNetwork(admin, { name: 'v2', 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 4000 }),
    ).rejects.toMatchObject({
      type: 'VlanIdInUse',
    });
    const tenant = await plugin.createNetwork(projectContext, { name: 't', port_security_enabled: false });
    const port = await plugin.createPort(admin, { network_id: vlan.id, 'binding:host_id': 'compute1' });
    expect(port).toMatchObject({ 'binding:vif_type': 'ovs', status: 'DOWN', port_security_enabled: true });
    expect((port['security_groups'] as string[]).length).toBe(1);
    const open = await plugin.createPort(projectContext, { network_id: tenant.id });
    expect(open).toMatchObject({ port_security_enabled: false, security_groups: [] });
    const [agent] = await plugin.getAgents(admin);
    expect(agent).toMatchObject({ host: 'compute1', alive: true });
    await plugin.deletePort(admin, port.id);
    await plugin.deleteNetwork(admin, vlan.id);
    const again = await plugin.createNetwork(admin, {
      name: 'v3',
      'provider:network_type': 'vlan',
      'provider:physical_network': 'physnet1',
      'provider:segmentation_id': 4000,
    });
    expect(again['provider:segmentation_id']).toBe(4000);
  });
});
