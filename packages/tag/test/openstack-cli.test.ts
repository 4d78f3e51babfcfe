import { OpenstackCli, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTagServer } from './helpers.js';

/*
 * The real `openstack` client (Debian's python3-openstackclient) against
 * ML2 with the router and tag plugins, with --os-auth-type none as against
 * a noauth neutron-server, asserting on its JSON output.
 */
type Json = Record<string, unknown>;

describe('openstack --tag commands', () => {
  let server: TestServer;

  let cli: OpenstackCli;
  const openstack = (...args: string[]): Promise<string> => cli.run(...args);
  const json = async (...args: string[]): Promise<unknown> => JSON.parse(await openstack(...args, '-f', 'json')) as unknown;
  const names = async (...args: string[]): Promise<unknown[]> => ((await json(...args)) as Json[]).map((row) => row['Name']).sort();

  beforeAll(async () => {
    server = await startTagServer('sqlite');
    cli = new OpenstackCli(server.url);
  }, 240_000);

  afterAll(async () => {
    await cli?.close();
    await server?.stop();
  });

  it('tags networks, ports and routers, lists by tags and untags', async () => {
    await openstack('network', 'create', '--tag', 'web', '--tag', 'prod', 'front');
    await openstack('network', 'create', '--tag', 'db', 'back');
    await openstack('network', 'create', 'plain');
    expect(((await json('network', 'show', 'front')) as Json)['tags']).toEqual(['prod', 'web']);
    await openstack('network', 'set', '--tag', 'blue', 'back');
    expect(await names('network', 'list', '--tags', 'db,blue')).toEqual(['back']);
    expect(await names('network', 'list', '--any-tags', 'web,db')).toEqual(['back', 'front']);
    expect(await names('network', 'list', '--not-tags', 'web')).toEqual(['back', 'plain']);
    expect(await names('network', 'list', '--not-any-tags', 'web,blue')).toEqual(['plain']);
    await openstack('network', 'unset', '--tag', 'prod', 'front');
    expect(((await json('network', 'show', 'front')) as Json)['tags']).toEqual(['web']);
    await openstack('network', 'set', '--no-tag', 'back');
    expect(((await json('network', 'show', 'back')) as Json)['tags']).toEqual([]);

    // With tag-ports-during-bulk-creation announced, the client puts the tags in the create request.
    const port = (await json('port', 'create', '--network', 'front', '--tag', 'vm', 'port-1')) as Json;
    expect(port['tags']).toEqual(['vm']);

    await openstack('router', 'create', '--tag', 'edge', 'r1');
    await openstack('router', 'create', 'r2');
    await openstack('router', 'set', '--tag', 'core', 'r2');
    expect(((await json('router', 'show', 'r2')) as Json)['tags']).toEqual(['core']);
    expect(await names('router', 'list', '--tags', 'edge')).toEqual(['r1']);
    await openstack('router', 'unset', '--all-tag', 'r1');
    expect(((await json('router', 'show', 'r1')) as Json)['tags']).toEqual([]);

    await openstack('security', 'group', 'create', '--tag', 'ssh', 'admin-access');
    expect(((await json('security', 'group', 'show', 'admin-access')) as Json)['tags']).toEqual(['ssh']);
  }, 120_000);
});
