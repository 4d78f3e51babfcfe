import { OpenstackCli, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQosServer } from './helpers.js';

/*
 * The real `openstack` client (Debian's python3-openstackclient) against a
 * server with service_plugins = qos, as against a noauth neutron-server.
 */
type Json = Record<string, unknown>;

describe('openstack network qos commands', () => {
  let server: TestServer;
  let cli: OpenstackCli;

  beforeAll(async () => {
    server = await startQosServer('sqlite');
    cli = new OpenstackCli(server.url);
  }, 240_000);

  afterAll(async () => {
    await cli?.close();
    await server?.stop();
  });

  it('creates, lists, shows, sets and deletes policies and their rules, and attaches one to a port', async () => {
    const policy = await cli.json('network', 'qos', 'policy', 'create', '--description', 'web tier', '--share', 'gold');
    expect(policy).toMatchObject({ name: 'gold', description: 'web tier', shared: true, is_default: false, rules: [] });
    const limit = await cli.json(
      'network',
      'qos',
      'rule',
      'create',
      '--type',
      'bandwidth-limit',
      '--max-kbps',
      '10000',
      '--max-burst-kbits',
      '1000',
      '--egress',
      'gold',
    );
    expect(limit).toMatchObject({ max_kbps: 10000, max_burst_kbps: 1000, direction: 'egress' });
    const dscp = await cli.json('network', 'qos', 'rule', 'create', '--type', 'dscp-marking', '--dscp-mark', '26', 'gold');
    expect(dscp).toMatchObject({ dscp_mark: 26 });
    const duplicate = await cli.failure('network', 'qos', 'rule', 'create', '--type', 'dscp-marking', '--dscp-mark', '34', 'gold');
    expect(duplicate).toContain('conflicts with rule');
    const rules = await cli.json<Json[]>('network', 'qos', 'rule', 'list', 'gold');
    expect(rules.map((rule) => rule['ID']).sort()).toEqual([limit['id'], dscp['id']].sort());
    await cli.run('network', 'qos', 'rule', 'set', '--max-kbps', '20000', 'gold', String(limit['id']));
    expect(await cli.json('network', 'qos', 'rule', 'show', 'gold', String(limit['id']))).toMatchObject({ max_kbps: 20000 });

    await cli.run('network', 'qos', 'policy', 'set', '--name', 'platinum', '--no-share', '--default', 'gold');
    const shown = await cli.json('network', 'qos', 'policy', 'show', 'platinum');
    expect(shown).toMatchObject({ id: policy['id'], name: 'platinum', shared: false, is_default: true });
    expect(shown['rules']).toHaveLength(2);
    expect((await cli.json<Json[]>('network', 'qos', 'policy', 'list')).map((row) => row['Name'])).toContain('platinum');
    const types = await cli.json<Json[]>('network', 'qos', 'rule', 'type', 'list');
    expect(types.map((row) => row['Type'])).toEqual(['bandwidth_limit', 'dscp_marking', 'minimum_bandwidth', 'minimum_packet_rate', 'packet_rate_limit']);

    const network = await cli.json('network', 'create', 'qos-net');
    expect(network['qos_policy_id']).toBe(policy['id']);
    await cli.run('network', 'set', '--no-qos-policy', 'qos-net');
    const port = await cli.json('port', 'create', '--network', 'qos-net', 'qos-port');
    expect(port['qos_policy_id']).toBeNull();
    await cli.run('port', 'set', '--qos-policy', 'platinum', 'qos-port');
    expect((await cli.json('port', 'show', 'qos-port'))['qos_policy_id']).toBe(policy['id']);
    expect(await cli.failure('network', 'qos', 'policy', 'delete', 'platinum')).toContain(`is used by port ${String(port['id'])}`);
    await cli.run('port', 'unset', '--qos-policy', 'qos-port');
    await cli.run('network', 'qos', 'rule', 'delete', 'platinum', String(dscp['id']));
    await cli.run('network', 'qos', 'policy', 'delete', 'platinum');
    expect((await cli.json<Json[]>('network', 'qos', 'policy', 'list')).map((row) => row['ID'])).not.toContain(policy['id']);
  }, 180_000);
});
