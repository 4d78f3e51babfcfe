import { OpenstackCli, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAddressScopeServer } from './helpers.js';

/*
 * The real `openstack` client (Debian's python3-openstackclient) with
 * --os-auth-type none, as an operator manages address scopes and puts
 * subnet pools in them against a noauth neutron-server with ML2.
 */
type Json = Record<string, unknown>;

describe('openstack address scope and subnet pool commands', () => {
  let server: TestServer;
  let cli: OpenstackCli;

  beforeAll(async () => {
    server = await startAddressScopeServer('sqlite');
    cli = new OpenstackCli(server.url);
  }, 240_000);

  afterAll(async () => {
    await cli?.close();
    await server?.stop();
  });

  it('creates, lists, renames and deletes a scope with pools in it', async () => {
    const scope = await cli.json('address', 'scope', 'create', '--ip-version', '4', '--share', 'cli-scope');
    expect(scope).toMatchObject({ name: 'cli-scope', ip_version: 4, shared: true });
    const listed = await cli.json<Json[]>('address', 'scope', 'list');
    expect(listed).toEqual([expect.objectContaining({ ID: scope['id'], Name: 'cli-scope', 'IP Version': 4, Shared: true })]);

    const pool = await cli.json('subnet', 'pool', 'create', '--pool-prefix', '10.80.0.0/16', '--address-scope', 'cli-scope', 'cli-pool');
    expect(pool['address_scope_id']).toBe(scope['id']);
    const overlapping = await cli.failure('subnet', 'pool', 'create', '--pool-prefix', '10.80.128.0/17', '--address-scope', 'cli-scope', 'cli-pool-2');
    expect(overlapping).toContain('subnetpools within an address scope must have unique prefixes');

    expect(await cli.failure('address', 'scope', 'delete', 'cli-scope')).toContain('There are one or more subnet pools in use on the address scope');
    await cli.run('address', 'scope', 'set', '--name', 'renamed', 'cli-scope');
    expect(await cli.json('address', 'scope', 'show', 'renamed')).toMatchObject({ id: scope['id'], name: 'renamed' });
    await cli.run('subnet', 'pool', 'set', '--no-address-scope', 'cli-pool');
    expect((await cli.json('subnet', 'pool', 'show', 'cli-pool'))['address_scope_id']).toBeNull();
    await cli.run('address', 'scope', 'delete', 'renamed');
    expect(await cli.json<Json[]>('address', 'scope', 'list')).toEqual([]);
  }, 180_000);
});
