import { describe, expect, it } from 'vitest';
import { createMysqlTestDatabase } from '../../net-server/test/mysql.js';
import { createTestDatabase } from '../../net-server/test/postgres.js';
import { SecurityGroupCallbacks } from '../src/rpc/security-group-callbacks.js';
import { ml2Plugin, projectContext } from './plugin-helpers.js';

/*
 * stateful-security-group, as neutron Zed: a group's `stateful` (true by
 * default), fixed while ports use the group, one kind of group per port,
 * and agents told each rule's statefulness with the group's rules.
 */
describe.each([
  ['SQLite', async () => undefined],
  ['PostgreSQL', createTestDatabase],
  ['MariaDB', createMysqlTestDatabase],
])('stateful and stateless security groups on %s', (_name, database) => {
  it('keeps stateful, guards it while ports use the group, and tells agents', async () => {
    const url = await database();
    const { plugin } = await ml2Plugin({}, undefined, undefined, url === undefined ? {} : { url });
    const stateful = await plugin.createSecurityGroup(projectContext, { name: 'stateful' });
    expect(stateful['stateful']).toBe(true);
    const stateless = await plugin.createSecurityGroup(projectContext, { name: 'stateless', stateful: false });
    expect(stateless['stateful']).toBe(false);
    expect((await plugin.getSecurityGroup(projectContext, String(stateless['id'])))['stateful']).toBe(false);

    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    await plugin.createSubnet(projectContext, { network_id: network.id, cidr: '10.3.0.0/24', ip_version: 4 });
    await expect(plugin.createPort(projectContext, { network_id: network.id, security_groups: [stateful['id'], stateless['id']] })).rejects.toMatchObject({
      type: 'SecurityGroupConflict',
      message: 'Error Cannot apply both stateful and stateless security groups on the same port at the same time while attempting the operation.',
    });
    const port = await plugin.createPort(projectContext, { network_id: network.id, security_groups: [stateless['id']] });
    await expect(plugin.updatePort(projectContext, port.id, { security_groups: [stateless['id'], stateful['id']] })).rejects.toMatchObject({
      type: 'SecurityGroupConflict',
    });
    await expect(plugin.updateSecurityGroup(projectContext, String(stateless['id']), { stateful: true })).rejects.toMatchObject({ type: 'SecurityGroupInUse' });
    // Unused, a group changes kind; renaming a used one is still fine.
    expect((await plugin.updateSecurityGroup(projectContext, String(stateful['id']), { stateful: false }))['stateful']).toBe(false);
    expect((await plugin.updateSecurityGroup(projectContext, String(stateless['id']), { name: 'renamed', stateful: false }))['name']).toBe('renamed');

    const info = await new SecurityGroupCallbacks(plugin).security_group_info_for_devices({}, { devices: [port.id] });
    const rules = info.security_groups[String(stateless['id'])] as Record<string, unknown>[];
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((rule) => rule['stateful'] === false)).toBe(true);
  }, 120_000);
});
