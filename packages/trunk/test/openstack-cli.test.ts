import { OpenstackCli, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTrunkServer } from './helpers.js';

/*
 * The real `openstack` client (Debian's python3-openstackclient) with
 * --os-auth-type none, as a user makes a trunk of their ports and changes
 * its subports against a noauth neutron-server with ML2.
 */
type Json = Record<string, unknown>;

describe('openstack network trunk commands', () => {
  let server: TestServer;
  let cli: OpenstackCli;

  beforeAll(async () => {
    server = await startTrunkServer('sqlite');
    cli = new OpenstackCli(server.url);
  }, 240_000);

  afterAll(async () => {
    await cli?.close();
    await server?.stop();
  });

  it('creates a trunk with a subport, adds, lists and removes subports, renames, disables and deletes it', async () => {
    await cli.run('network', 'create', 'cli-net');
    for (const name of ['parent', 'child1', 'child2']) await cli.run('port', 'create', '--network', 'cli-net', name);
    const trunk = await cli.json(
      'network',
      'trunk',
      'create',
      '--parent-port',
      'parent',
      '--subport',
      'port=child1,segmentation-type=vlan,segmentation-id=100',
      'cli-trunk',
    );
    expect(trunk).toMatchObject({ name: 'cli-trunk', status: 'DOWN', admin_state_up: true });
    const parentPort = await cli.json('port', 'show', 'parent');
    expect(trunk['port_id']).toBe(parentPort['id']);
    expect((parentPort['trunk_details'] as Json)['trunk_id']).toBe(trunk['id']);

    await cli.run('network', 'trunk', 'set', '--subport', 'port=child2,segmentation-type=vlan,segmentation-id=200', 'cli-trunk');
    const subports = await cli.json<Json[]>('network', 'subport', 'list', '--trunk', 'cli-trunk');
    expect(subports.map((subport) => subport['Segmentation ID']).sort()).toEqual([100, 200]);
    expect(await cli.failure('network', 'trunk', 'set', '--subport', 'port=child2,segmentation-type=vlan,segmentation-id=300', 'cli-trunk')).toContain(
      'is in use by another trunk',
    );
    expect(await cli.failure('port', 'delete', 'parent')).toContain('is currently a parent port for trunk');

    await cli.run('network', 'trunk', 'unset', '--subport', 'child1', 'cli-trunk');
    await cli.run('network', 'trunk', 'set', '--name', 'renamed', '--disable', 'cli-trunk');
    expect(await cli.json('network', 'trunk', 'show', 'renamed')).toMatchObject({ id: trunk['id'], admin_state_up: false });
    expect(await cli.failure('network', 'trunk', 'delete', 'renamed')).toContain('is currently disabled');
    await cli.run('network', 'trunk', 'set', '--enable', 'renamed');
    await cli.run('network', 'trunk', 'delete', 'renamed');
    expect(await cli.json<Json[]>('network', 'trunk', 'list')).toEqual([]);
  }, 180_000);
});
