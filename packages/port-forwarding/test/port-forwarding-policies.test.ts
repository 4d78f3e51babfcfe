import type { TestServer } from '@net-server/testkit';
import { undefinedPolicyRules } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressOf, buildTopology, created, failure, ok, startForwardingServer, type Dict, type Topology } from './helpers.js';

/*
 * neutron Zed's floating IP port forwarding policies (new or deprecated
 * check strings): an admin, a member of the project, or the floating IP's
 * owner; the plugin finds floating IPs only as their caller sees them, so
 * another project's are not found.
 */
describe('who may do what with port forwardings', () => {
  let server: TestServer;
  let net: Topology;
  let fip: Dict;
  let pf: Dict;
  let vm: Dict;

  const path = (id?: string): string => `/floatingips/${String(fip['id'])}/port_forwardings${id ? `/${id}` : ''}`;

  beforeAll(async () => {
    server = await startForwardingServer('sqlite');
    net = await buildTopology(server);
    vm = await net.port();
    fip = await net.floatingIp();
    pf = created(
      await net.tenant.post(path(), {
        port_forwarding: { protocol: 'tcp', internal_port_id: vm['id'], internal_ip_address: addressOf(vm), internal_port: 22, external_port: 2022 },
      }),
      'port_forwarding',
    );
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('defines a rule for everything the API enforces', () => {
    expect(undefinedPolicyRules(server)).toEqual([]);
  });

  it("lets the floating IP's project read and change its forwardings, a reader of it too (as the floating IP's owner)", async () => {
    const reader = server.client.as({ projectId: 'tenant-a', roles: ['reader'] });
    expect(ok(await reader.get(path(String(pf['id']))), 'port_forwarding')).toEqual(pf);
    expect(((await reader.get(path())).body['port_forwardings'] as Dict[]).map((item) => item['id'])).toEqual([pf['id']]);
    expect(ok(await reader.put(path(String(pf['id'])), { port_forwarding: { description: 'by the owner' } }), 'port_forwarding')['description']).toBe(
      'by the owner',
    );
  });

  it("hides another project's floating IP and its forwardings", async () => {
    const other = server.client.as({ projectId: 'tenant-b', roles: ['member', 'reader'] });
    failure(await other.get(path(String(pf['id']))), 404, 'FloatingIPNotFound');
    failure(await other.get(path()), 404, 'FloatingIPNotFound');
    failure(await other.put(path(String(pf['id'])), { port_forwarding: { description: 'not mine' } }), 404, 'FloatingIPNotFound');
    failure(await other.delete(path(String(pf['id']))), 404, 'FloatingIPNotFound');
    failure(
      await other.post(path(), {
        port_forwarding: { protocol: 'udp', internal_port_id: vm['id'], internal_ip_address: addressOf(vm), internal_port: 53, external_port: 53 },
      }),
      404,
      'FloatingIPNotFound',
    );
  });

  it('lets an admin see and delete any project’s forwardings', async () => {
    expect(ok(await server.client.get(path(String(pf['id']))), 'port_forwarding')['id']).toBe(pf['id']);
    expect((await server.client.delete(path(String(pf['id'])))).status).toBe(204);
  });
});
