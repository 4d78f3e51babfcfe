import { describe, expect, it } from 'vitest';
import { request, type Json } from './api-harness.js';
import { dbBasePluginApiForSuite, dialects } from './db-harness.js';

/*
 * subnet-service-types over real HTTP with the DB base plugin on each
 * database: subnets' service_types (neutron_tempest_plugin's
 * test_subnet_service_types calls), neutron's validation errors, and IPAM
 * giving a port addresses only on the subnets for its device owner.
 */

const ALICE = 'project-alice';

describe.each(dialects)('subnet service types on %s', (dialect) => {
  const api = dbBasePluginApiForSuite(dialect);
  const call = (method: string, path: string, body?: unknown) => request(api.url(), method, path, { project: ALICE, ...(body === undefined ? {} : { body }) });

  async function created(path: string, key: string, body: Json): Promise<Json> {
    const reply = await call('POST', path, { [key]: body });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body[key];
  }
  const network = () => created('/v2.0/networks', 'network', { name: 'service-types' });
  const subnet = (networkId: string, cidr: string, extra: Json = {}) =>
    created('/v2.0/subnets', 'subnet', { network_id: networkId, ip_version: 4, cidr, ...extra });
  const port = (networkId: string, deviceOwner: string, extra: Json = {}) =>
    call('POST', '/v2.0/ports', { port: { network_id: networkId, device_owner: deviceOwner, ...extra } });

  it('is advertised', async () => {
    const aliases = ((await call('GET', '/v2.0/extensions')).body.extensions as Json[]).map((e) => e.alias);
    expect(aliases).toContain('subnet-service-types');
  });

  it('stores, shows, replaces and clears service types', async () => {
    const net = await network();
    const plain = await subnet(net.id, '10.9.0.0/24');
    expect(plain.service_types).toEqual([]);
    const made = await subnet(net.id, '10.9.1.0/24', { service_types: ['compute:nova'] });
    expect(made.service_types).toEqual(['compute:nova']);
    const updated = await call('PUT', `/v2.0/subnets/${made.id}`, { subnet: { service_types: ['network:dhcp', 'compute:az1'] } });
    expect(updated.status).toBe(200);
    expect(updated.body.subnet.service_types).toEqual(['compute:az1', 'network:dhcp']);
    expect((await call('GET', `/v2.0/subnets/${made.id}`)).body.subnet.service_types).toEqual(['compute:az1', 'network:dhcp']);
    expect((await call('PUT', `/v2.0/subnets/${made.id}`, { subnet: { service_types: [] } })).body.subnet.service_types).toEqual([]);
  });

  it('refuses service types that are no device owners, as neutron_lib validates them', async () => {
    const net = await network();
    const refused = async (serviceTypes: unknown) => {
      const reply = await call('POST', '/v2.0/subnets', { subnet: { network_id: net.id, ip_version: 4, cidr: '10.8.0.0/24', service_types: serviceTypes } });
      expect(reply.status).toBe(400);
      return reply.body.NeutronError as Json;
    };
    expect(await refused(['foo:bar'])).toEqual({
      type: 'InvalidSubnetServiceType',
      message: 'Subnet service type foo:bar does not correspond to a valid device owner.',
      detail: '',
    });
    expect((await refused([7])).type).toBe('InvalidInputSubnetServiceType');
    expect(await refused('compute:nova')).toMatchObject({ type: 'HTTPBadRequest', message: 'Subnet service types must be a list.' });
  });

  it('gives a port addresses on the subnets for its device owner, those subnets first, and none elsewhere', async () => {
    const net = await network();
    const forCompute = await subnet(net.id, '10.7.0.0/24', { service_types: ['compute:nova'] });
    const any = await subnet(net.id, '10.7.1.0/24');
    const subnetsOf = (reply: { body: Json }) => (reply.body.port.fixed_ips as Json[]).map((fixed) => fixed.subnet_id);

    expect(subnetsOf(await port(net.id, 'compute:nova'))).toEqual([forCompute.id]);
    expect(subnetsOf(await port(net.id, 'network:router_interface_distributed'))).toEqual([any.id]);
    // DHCP ports take addresses on any subnet with DHCP enabled.
    expect(subnetsOf(await port(net.id, 'network:dhcp', { fixed_ips: [{ subnet_id: forCompute.id }] }))).toEqual([forCompute.id]);
    const wrongSubnet = await port(net.id, 'network:foo', { fixed_ips: [{ subnet_id: forCompute.id }] });
    expect(wrongSubnet.status).toBe(400);
    expect(wrongSubnet.body.NeutronError.message).toBe(
      `Invalid input for operation: Failed to create port on network ${net.id}, because fixed_ips included invalid subnet ${forCompute.id}.`,
    );

    const only = await network();
    await subnet(only.id, '10.6.0.0/24', { service_types: ['compute:nova'] });
    const none = await port(only.id, 'network:foo');
    expect(none.status).toBe(409);
    expect(none.body.NeutronError).toEqual({
      type: 'IpAddressGenerationFailureNoMatchingSubnet',
      message: `No valid service subnet for the given device owner, network ${only.id}, service type network:foo.`,
      detail: '',
    });
  });
});
