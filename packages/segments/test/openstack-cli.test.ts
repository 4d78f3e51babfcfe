import { OpenstackCli, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSegmentsServer, VLAN_RANGE } from './helpers.js';

/*
 * The real `openstack` client (Debian's python3-openstackclient) against a
 * server with service_plugins = segments, with --os-auth-type none as
 * against a noauth neutron-server, asserting on its JSON output.
 */
type Json = Record<string, unknown>;

describe('openstack network segment commands', () => {
  let server: TestServer;

  let cli: OpenstackCli;
  const openstack = (...args: string[]): Promise<string> => cli.run(...args);
  const json = async (...args: string[]): Promise<unknown> => JSON.parse(await openstack(...args, '-f', 'json')) as unknown;

  beforeAll(async () => {
    server = await startSegmentsServer('sqlite');
    cli = new OpenstackCli(server.url);
  }, 240_000);

  afterAll(async () => {
    await cli?.close();
    await server?.stop();
  });

  it('creates, lists, shows and deletes a segment, and refuses to delete one with a subnet', async () => {
    const network = (await json(
      'network',
      'create',
      '--provider-network-type',
      'vlan',
      '--provider-physical-network',
      'physnet2',
      '--provider-segment',
      '3001',
      'routed',
    )) as Json;
    const segment = (await json(
      'network',
      'segment',
      'create',
      '--network',
      'routed',
      '--network-type',
      'vlan',
      '--physical-network',
      'physnet1',
      '--segment',
      String(VLAN_RANGE.min + 1),
      '--description',
      'rack 2',
      'rack-2',
    )) as Json;
    expect(segment).toMatchObject({
      name: 'rack-2',
      network_id: network['id'],
      network_type: 'vlan',
      physical_network: 'physnet1',
      segmentation_id: VLAN_RANGE.min + 1,
      description: 'rack 2',
    });
    const listed = (await json('network', 'segment', 'list', '--network', 'routed')) as Json[];
    expect(listed).toHaveLength(2);
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ID: segment['id'], Name: 'rack-2', Network: network['id'], 'Network Type': 'vlan', Segment: VLAN_RANGE.min + 1 }),
      ]),
    );
    expect(await json('network', 'segment', 'show', 'rack-2')).toMatchObject({ id: segment['id'] });
    await openstack('subnet', 'create', '--network', 'routed', '--network-segment', 'rack-2', '--subnet-range', '10.20.0.0/24', 'rack-2-v4');
    const refused = await cli.failure('network', 'segment', 'delete', 'rack-2');
    expect(refused).toContain('The segment is still associated with subnet(s)');
    await openstack('subnet', 'delete', 'rack-2-v4');
    await openstack('network', 'segment', 'delete', 'rack-2');
    expect(((await json('network', 'segment', 'list', '--network', 'routed')) as Json[]).map((row) => row['ID'])).not.toContain(segment['id']);
  }, 120_000);
});
