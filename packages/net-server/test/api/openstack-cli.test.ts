import { OpenstackCli } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Json, type RunningApi } from './api-harness.js';
import { DB_BASE_PLUGIN, migratedDatabase, type TestDatabase } from './db-harness.js';

/*
 * The real `openstack` client (Debian's python3-openstackclient, installed
 * by .ci/run) against the API served by the DB base plugin on SQLite, with
 * --os-auth-type none as against a noauth neutron-server, asserting on its
 * JSON output.
 */

let db: TestDatabase;
let running: RunningApi;
let cli: OpenstackCli;

async function openstack(...args: string[]): Promise<Json> {
  const stdout = await cli.run(...args);
  return stdout.trim() === '' ? undefined : JSON.parse(stdout);
}

const failure = (...args: string[]): Promise<string> => cli.failure(...args);

beforeAll(async () => {
  db = await migratedDatabase('sqlite');
  running = await startApi({ corePlugin: DB_BASE_PLUGIN, database: db.database });
  cli = new OpenstackCli(running.url);
});

afterAll(async () => {
  await cli?.close();
  await running.stop();
  await db.drop();
});

describe('openstack network, subnet and port commands', () => {
  it('create, list, show, set and delete each', { timeout: 300_000 }, async () => {
    const network = await openstack('network', 'create', 'cli-net', '--disable', '--description', 'from the CLI', '-f', 'json');
    expect(network).toMatchObject({ name: 'cli-net', admin_state_up: false, description: 'from the CLI', shared: false, status: 'ACTIVE' });

    const subnet = await openstack(
      'subnet',
      'create',
      'cli-subnet',
      '--network',
      'cli-net',
      '--subnet-range',
      '10.9.0.0/24',
      '--allocation-pool',
      'start=10.9.0.10,end=10.9.0.20',
      '--dns-nameserver',
      '10.9.0.53',
      '-f',
      'json',
    );
    expect(subnet).toMatchObject({
      name: 'cli-subnet',
      network_id: network.id,
      cidr: '10.9.0.0/24',
      gateway_ip: '10.9.0.1',
      ip_version: 4,
      enable_dhcp: true,
      allocation_pools: [{ start: '10.9.0.10', end: '10.9.0.20' }],
      dns_nameservers: ['10.9.0.53'],
    });

    const port = await openstack('port', 'create', 'cli-port', '--network', 'cli-net', '--fixed-ip', 'subnet=cli-subnet,ip-address=10.9.0.15', '-f', 'json');
    expect(port).toMatchObject({ name: 'cli-port', network_id: network.id, fixed_ips: [{ subnet_id: subnet.id, ip_address: '10.9.0.15' }] });
    expect(port.mac_address).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);

    const networks = await openstack('network', 'list', '-f', 'json');
    expect(networks).toEqual([expect.objectContaining({ ID: network.id, Name: 'cli-net', Subnets: [subnet.id] })]);
    expect(await openstack('subnet', 'list', '--network', 'cli-net', '-f', 'json')).toEqual([
      expect.objectContaining({ ID: subnet.id, Name: 'cli-subnet', Subnet: '10.9.0.0/24' }),
    ]);
    expect(await openstack('port', 'list', '--network', 'cli-net', '-f', 'json')).toEqual([
      expect.objectContaining({ ID: port.id, Name: 'cli-port', 'Fixed IP Addresses': [{ subnet_id: subnet.id, ip_address: '10.9.0.15' }] }),
    ]);

    expect(await openstack('network', 'show', 'cli-net', '-f', 'json')).toMatchObject({ id: network.id, project_id: 'fake_project_id' });
    expect(await openstack('subnet', 'show', 'cli-subnet', '-f', 'json')).toMatchObject({ id: subnet.id });
    expect(await openstack('port', 'show', 'cli-port', '-f', 'json')).toMatchObject({ id: port.id });

    await openstack('network', 'set', 'cli-net', '--name', 'cli-net-2', '--enable');
    await openstack('subnet', 'set', 'cli-subnet', '--name', 'cli-subnet-2');
    await openstack('port', 'set', 'cli-port', '--name', 'cli-port-2', '--description', 'renamed');
    expect(await openstack('network', 'show', network.id, '-f', 'json')).toMatchObject({ name: 'cli-net-2', admin_state_up: true });
    expect(await openstack('subnet', 'show', subnet.id, '-f', 'json')).toMatchObject({ name: 'cli-subnet-2' });
    expect(await openstack('port', 'show', port.id, '-f', 'json')).toMatchObject({ name: 'cli-port-2', description: 'renamed' });

    expect(await failure('network', 'delete', network.id)).toMatch(/in use|InUse|Failed to delete/i);
    await openstack('port', 'delete', port.id);
    await openstack('subnet', 'delete', subnet.id);
    await openstack('network', 'delete', network.id);
    expect(await openstack('network', 'list', '-f', 'json')).toEqual([]);
    expect(await failure('network', 'show', network.id)).toMatch(/No Network found/i);
  });
});
