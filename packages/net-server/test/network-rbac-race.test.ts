import { describe, expect, it } from 'vitest';
import { alice, basePlugin, bob, dialects } from './base-plugin-fixture.js';

const ROUNDS = 8;

/*
 * A project creating a port on a network shared with it while the owner
 * deletes the entry that shares it: the delete locks the network row, so
 * either the port lands first and the delete is RbacPolicyInUse, or the
 * delete commits first and the port create no longer finds the network.
 * Never both, which would leave a port its project may no longer have.
 */
describe.each(dialects)('%s', (dialect) => {
  it('a port create and the deletion of the entry it relies on never both succeed', async () => {
    const plugin = await basePlugin(dialect, { novaNotifier: null });
    for (let round = 0; round < ROUNDS; round += 1) {
      const network = await plugin.createNetwork(alice, { name: `race-${round}` });
      await plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, cidr: `10.${round}.0.0/24` });
      const entry = await plugin.createRbacPolicy(alice, {
        object_type: 'network',
        object_id: network.id,
        action: 'access_as_shared',
        target_tenant: bob.projectId,
      });
      const [port, revoke] = await Promise.allSettled([
        plugin.createPort(bob, { network_id: network.id }),
        plugin.deleteRbacPolicy(alice, String(entry['id'])),
      ]);
      const outcome = `${port.status === 'fulfilled' ? 'port' : errorType(port.reason)} ${revoke.status === 'fulfilled' ? 'revoked' : errorType(revoke.reason)}`;
      expect(['port RbacPolicyInUse', 'NetworkNotFound revoked']).toContain(outcome);
    }
  }, 60_000);
});

function errorType(error: unknown): string {
  return error instanceof Error ? error.name : String(error);
}
