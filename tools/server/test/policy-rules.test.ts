import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, undefinedPolicyRules, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const serverDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/*
 * Every plugin of the workspace loaded together, as an operator would: a
 * rule the API enforces that no package defines falls back to `default`
 * (admin or owner), which is how members once set a router's SNAT mode.
 */
describe('the policy rules of every workspace package', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({
      root: serverDir,
      corePlugin: 'ml2',
      servicePlugins: ['router', 'segments', 'qos', 'tag', 'network_ip_availability', 'metering'],
      config: { ml2: { extension_drivers: ['port_security', 'dns', 'qos'] } },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('define a rule for every operation, member action and policy-enforced attribute the API serves', () => {
    const served = server.api.model;
    expect([...served.resources.keys()]).toEqual(expect.arrayContaining(['networks', 'ports', 'routers', 'floatingips', 'security_groups', 'segments', 'policies', 'agents', 'metering_labels', 'metering_label_rules', 'address_scopes']));
    expect(undefinedPolicyRules(server)).toEqual([]);
  });
});
