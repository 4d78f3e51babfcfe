import { describe, expect, it } from 'vitest';
import { createMysqlTestDatabase } from '../../net-server/test/mysql.js';
import { createTestDatabase } from '../../net-server/test/postgres.js';
import { ml2Plugin, projectContext } from './plugin-helpers.js';

/*
 * port-numa-affinity-policy and port-device-profile, as neutron Zed's ML2:
 * ports' numa_affinity_policy (set, changed and cleared) and device_profile
 * (set on create), null when not given.
 */
describe.each([
  ['SQLite', async () => undefined],
  ['PostgreSQL', createTestDatabase],
  ['MariaDB', createMysqlTestDatabase],
])("ports' NUMA affinity policy and device profile on %s", (_name, database) => {
  it('stores, shows, changes and clears them', async () => {
    const url = await database();
    const { plugin } = await ml2Plugin({}, undefined, undefined, url === undefined ? {} : { url });
    expect(plugin.supportedExtensionAliases).toEqual(expect.arrayContaining(['port-numa-affinity-policy', 'port-device-profile']));
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    const plain = await plugin.createPort(projectContext, { network_id: network.id });
    expect(plain).toMatchObject({ numa_affinity_policy: null, device_profile: null });
    const placed = await plugin.createPort(projectContext, { network_id: network.id, numa_affinity_policy: 'required', device_profile: 'fpga-profile' });
    expect(placed).toMatchObject({ numa_affinity_policy: 'required', device_profile: 'fpga-profile' });
    expect(await plugin.getPort(projectContext, placed.id)).toMatchObject({ numa_affinity_policy: 'required', device_profile: 'fpga-profile' });
    expect(await plugin.updatePort(projectContext, placed.id, { numa_affinity_policy: 'preferred' })).toMatchObject({
      numa_affinity_policy: 'preferred',
      device_profile: 'fpga-profile',
    });
    expect(await plugin.updatePort(projectContext, placed.id, { name: 'renamed' })).toMatchObject({ numa_affinity_policy: 'preferred' });
    expect(await plugin.updatePort(projectContext, placed.id, { numa_affinity_policy: null })).toMatchObject({
      numa_affinity_policy: null,
      device_profile: 'fpga-profile',
    });
    const listed = await plugin.getPorts(projectContext, { filters: { id: [placed.id, plain.id] } });
    expect(listed.map((port) => port['device_profile']).sort()).toEqual(['fpga-profile', null]);
    await plugin.deletePort(projectContext, placed.id);
  }, 120_000);
});
