import { parseIpAddress } from '@net-server/lib';
import { OpenstackCli, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWith } from './helpers.js';

/*
 * The real `openstack` client (Debian's python3-openstackclient) with
 * --os-auth-type none, as against a noauth neutron-server with ML2. Python reads
 * JSON integers exactly, so the IPv6 total comes back digit for digit.
 */
type Json = Record<string, unknown>;

describe('openstack ip availability list / show (ML2)', () => {
  let server: TestServer;
  let networkId: string;
  let v6Total: bigint;

  let cli: OpenstackCli;
  const openstack = (...args: string[]): Promise<string> => cli.run(...args);

  beforeAll(async () => {
    server = await startWith('sqlite', ['network_ip_availability'], 'ml2');
    cli = new OpenstackCli(server.url);
    const network = (await server.client.post('/networks', { network: { name: 'cli-net' } })).body['network'] as Json;
    networkId = String(network['id']);
    await server.client.post('/subnets', { subnet: { name: 'cli-v4', network_id: networkId, ip_version: 4, cidr: '10.20.0.0/24' } });
    const v6 = (await server.client.post('/subnets', { subnet: { name: 'cli-v6', network_id: networkId, ip_version: 6, cidr: '2001:db8:20::/64' } })).body[
      'subnet'
    ] as Json;
    const [pool] = v6['allocation_pools'] as { start: string; end: string }[];
    v6Total = parseIpAddress(pool!.end)!.value - parseIpAddress(pool!.start)!.value + 1n;
    await server.client.post('/ports', { port: { network_id: networkId } });
  }, 240_000);

  afterAll(async () => {
    await cli?.close();
    await server?.stop();
  });

  it('lists and shows the counts, the IPv6 total exact', async () => {
    const listed = JSON.parse(await openstack('ip', 'availability', 'list', '-f', 'json')) as Json[];
    // The client asks for IPv4 only unless told otherwise (--ip-version 4 is its default).
    expect(listed).toEqual([expect.objectContaining({ 'Network ID': networkId, 'Network Name': 'cli-net', 'Total IPs': 253 })]);
    const text = await openstack('ip', 'availability', 'show', 'cli-net', '-f', 'json');
    const shown = JSON.parse(text) as Json;
    expect(shown).toMatchObject({ network_id: networkId, network_name: 'cli-net', used_ips: 2 });
    // Python printed the exact integer; JSON.parse above rounds it, so compare the text.
    expect(text).toMatch(new RegExp(`"total_ips": ${(253n + v6Total).toString()}\\b`));
    expect(v6Total > 2n ** 53n).toBe(true);
  }, 180_000);
});
