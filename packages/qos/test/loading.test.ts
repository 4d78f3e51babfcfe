import { resolve } from 'node:path';
import { silentLogger } from '@net-server/lib';
import { buildIfStale, startServer, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugins, errorType, packageDir, qosServerOptions, type Dict } from './helpers.js';

const segments = resolve(packageDir, '..', 'segments');

/** This package, ML2, and @net-server/segments installed beside them. */
function build(): void {
  buildPlugins();
  buildIfStale(segments);
}

async function aliases(server: TestServer): Promise<string[]> {
  return ((await server.client.get('/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
}

/*
 * Installed beside another service plugin package (segments), with ML2's
 * qos extension driver configured: only what service_plugins names loads.
 */
describe('@net-server/qos installed, not in service_plugins', () => {
  let server: TestServer;

  beforeAll(async () => {
    build();
    server = await startServer({ ...qosServerOptions('sqlite'), packages: [segments], servicePlugins: [], logger: silentLogger });
  }, 240_000);
  afterAll(async () => server?.stop());

  it('serves no QoS resource, extension or attribute, and nothing else installed', async () => {
    const served = await aliases(server);
    expect(served).toContain('port-security');
    expect(served.filter((alias) => alias.startsWith('qos') || alias.startsWith('port-resource-request'))).toEqual([]);
    expect(served).not.toContain('segment');
    expect((await server.client.get('/qos/policies')).status).toBe(404);
    expect((await server.client.get('/segments')).status).toBe(404);
    expect(server.manager.getPlugin('QOS')).toBeUndefined();
    const refused = await server.client.post('/networks', { network: { name: 'n', qos_policy_id: null } });
    expect([refused.status, errorType(refused.body)]).toEqual([400, 'HTTPBadRequest']);
    const network = (await server.client.post('/networks', { network: { name: 'n' } })).body['network'] as Dict;
    expect(network).not.toHaveProperty('qos_policy_id');
  });
});

describe('@net-server/qos in service_plugins beside other installed service plugins', () => {
  let server: TestServer;

  beforeAll(async () => {
    build();
    server = await startServer({ ...qosServerOptions('sqlite'), packages: [segments], servicePlugins: ['qos'], logger: silentLogger });
  }, 240_000);
  afterAll(async () => server?.stop());

  it('loads the QoS plugin and only it', async () => {
    const served = await aliases(server);
    expect(served).toEqual(
      expect.arrayContaining([
        'qos',
        'qos-bw-limit-direction',
        'qos-default',
        'qos-rule-type-details',
        'qos-bw-minimum-ingress',
        'qos-rules-alias',
        'qos-port-network-policy',
        'port-resource-request',
        'port-resource-request-groups',
      ]),
    );
    expect(served).not.toContain('segment');
    expect([...server.manager.getServicePlugins().keys()].sort()).toEqual(['CORE', 'QOS']);
    expect((await server.client.get('/qos/policies')).body).toEqual({ policies: [] });
  });
});

describe('@net-server/qos and segments both in service_plugins', () => {
  let server: TestServer;

  beforeAll(async () => {
    build();
    server = await startServer({ ...qosServerOptions('sqlite'), packages: [segments], servicePlugins: ['qos', 'segments'], logger: silentLogger });
  }, 240_000);
  afterAll(async () => server?.stop());

  it('loads both: the other installed package was there to be loaded', async () => {
    expect(await aliases(server)).toEqual(expect.arrayContaining(['qos', 'segment']));
    expect([...server.manager.getServicePlugins().keys()].sort()).toEqual(['CORE', 'QOS', 'segments']);
  });
});

describe('@net-server/qos refused at start', () => {
  it('without the ML2 qos extension driver, saying how to add it', async () => {
    buildPlugins();
    const options = qosServerOptions('sqlite');
    const ml2 = { ...options.config!['ml2'], extension_drivers: ['port_security'] };
    await expect(startServer({ ...options, config: { ...options.config, ml2 }, servicePlugins: ['qos'], logger: silentLogger })).rejects.toThrow(
      /net-server.conf:\d+: \[ml2\] extension_drivers: .*add qos to \[ml2\] extension_drivers.* Checked by the qos plugin/,
    );
  }, 120_000);

  it('beside a second plugin of the QOS service type', async () => {
    buildPlugins();
    await expect(
      startServer({
        ...qosServerOptions('sqlite'),
        packages: [resolve(packageDir, 'test/fixtures/other-qos')],
        servicePlugins: ['qos', 'other_qos'],
        logger: silentLogger,
      }),
    ).rejects.toThrow('multiple plugins for service QOS were configured: qos and other_qos. Keep only one of them in service_plugins.');
  }, 120_000);
});
