import { OpenstackCli } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type L3Server } from './helpers.js';

/*
 * The real `openstack` client (Debian's python3-openstackclient) against a
 * server with service_plugins = router, with --os-auth-type none as against
 * a noauth neutron-server, asserting on its JSON output.
 */
type Json = Record<string, unknown>;

describe('openstack router and floating ip commands', () => {
  let server: L3Server;

  let cli: OpenstackCli;

  async function openstack(...args: string[]): Promise<Json> {
    const stdout = await cli.run(...args);
    return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Json);
  }

  beforeAll(async () => {
    server = await startServer('sqlite');
    cli = new OpenstackCli(server.url);
  }, 240_000);

  afterAll(async () => {
    await cli?.close();
    await server?.close();
  });

  it('builds a router with a gateway, an interface and a floating IP', async () => {
    const pub = await openstack('network', 'create', '--external', 'public', '-f', 'json');
    expect(pub['router:external']).toBe(true);
    await openstack('subnet', 'create', '--network', 'public', '--subnet-range', '203.0.113.0/24', 'public-v4', '-f', 'json');
    await openstack('network', 'create', 'private', '-f', 'json');
    const inside = await openstack('subnet', 'create', '--network', 'private', '--subnet-range', '10.10.0.0/24', 'private-v4', '-f', 'json');
    const router = await openstack('router', 'create', 'edge', '-f', 'json');
    await openstack('router', 'set', '--external-gateway', 'public', '--disable-snat', 'edge');
    await openstack('router', 'add', 'subnet', 'edge', 'private-v4');
    const shown = await openstack('router', 'show', 'edge', '-f', 'json');
    expect(shown['id']).toBe(router['id']);
    expect(shown['external_gateway_info']).toMatchObject({ network_id: pub['id'], enable_snat: false });
    const ports = await cli.run('port', 'list', '--router', 'edge', '-f', 'json');
    expect(ports).toContain('10.10.0.1');
    const vm = await openstack('port', 'create', '--network', 'private', 'vm', '-f', 'json');
    const fip = await openstack('floating', 'ip', 'create', 'public', '-f', 'json');
    await openstack('floating', 'ip', 'set', '--port', String(vm['id']), String(fip['floating_ip_address']));
    const associated = await openstack('floating', 'ip', 'show', String(fip['id']), '-f', 'json');
    expect(associated).toMatchObject({ port_id: vm['id'], router_id: router['id'] });
    const refused = await cli.failure('router', 'delete', 'edge');
    expect(refused).toContain('still has ports');
    await openstack('floating', 'ip', 'delete', String(fip['id']));
    await openstack('router', 'remove', 'subnet', 'edge', String(inside['id']));
    await openstack('router', 'delete', 'edge');
  }, 120_000);
});
