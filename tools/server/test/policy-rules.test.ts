import { startServer, undefinedPolicyRules, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERY_PLUGIN } from './every-plugin.js';

/*
 * Every plugin of the workspace loaded together, as an operator would: a
 * rule the API enforces that no package defines falls back to `default`
 * (admin or owner), which is how members once set a router's SNAT mode.
 */
describe('the policy rules of every workspace package', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer(EVERY_PLUGIN);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('define a rule for every operation, member action and policy-enforced attribute the API serves', () => {
    const served = server.api.model;
    expect([...served.resources.keys()]).toEqual(
      expect.arrayContaining([
        'networks',
        'ports',
        'routers',
        'floatingips',
        'security_groups',
        'segments',
        'policies',
        'agents',
        'metering_labels',
        'metering_label_rules',
        'address_scopes',
        'trunks',
        'network_segment_ranges',
      ]),
    );
    expect(undefinedPolicyRules(server)).toEqual([]);
  });
});
