import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { DbBasePlugin } from '../src/db-base-plugin/db-base-plugin.js';
import { alice, basePlugin, bob, dialects, lockWaits, migratedDatabase } from './base-plugin-fixture.js';

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
      const { network, entry } = await sharedNetwork(plugin, round);
      const [port, revoke] = await Promise.allSettled([plugin.createPort(bob, { network_id: network }), plugin.deleteRbacPolicy(alice, entry)]);
      const outcome = `${port.status === 'fulfilled' ? 'port' : errorType(port.reason)} ${revoke.status === 'fulfilled' ? 'revoked' : errorType(revoke.reason)}`;
      expect(['port RbacPolicyInUse', 'NetworkNotFound revoked']).toContain(outcome);
    }
  }, 60_000);
});

/*
 * The interleaving the rounds above meet only now and then (seen in 1 of
 * about 300 rounds on a busy PostgreSQL): the port create reads the network
 * while the delete holds its lock, and the entry is gone when that lock is
 * released. The delete's side is played by hand: the lock, then the entry's
 * removal once the port create waits on it.
 */
describe.each(dialects.filter((dialect) => dialect !== 'sqlite'))('%s', (dialect) => {
  it('a port create that waited for the lock of a delete of the entry it relied on does not find the network', async () => {
    const { database } = await migratedDatabase(dialect);
    const plugin = new DbBasePlugin({ database, novaNotifier: null });
    const { network, entry } = await sharedNetwork(plugin, 0);
    const { created } = await database.db.transaction().execute(async (owner) => {
      await sql`select id from networks where id = ${network} for update`.execute(owner);
      const created = plugin.createPort(bob, { network_id: network }).then(
        () => 'port',
        (error: unknown) => errorType(error),
      );
      await vi.waitFor(async () => expect(await lockWaits(database)).toBeGreaterThan(0), { timeout: 10_000, interval: 20 });
      await sql`delete from networkrbacs where id = ${entry}`.execute(owner);
      // Not the promise itself: the transaction would wait for the port create, which waits for its commit.
      return { created };
    });
    expect(await created).toBe('NetworkNotFound');
    expect(await plugin.getPorts(bob)).toEqual([]);
  }, 30_000);
});

async function sharedNetwork(plugin: DbBasePlugin, round: number): Promise<{ network: string; entry: string }> {
  const network = await plugin.createNetwork(alice, { name: `race-${round}` });
  await plugin.createSubnet(alice, { network_id: network.id, ip_version: 4, cidr: `10.${round}.0.0/24` });
  const entry = await plugin.createRbacPolicy(alice, {
    object_type: 'network',
    object_id: network.id,
    action: 'access_as_shared',
    target_tenant: bob.projectId,
  });
  return { network: String(network.id), entry: String(entry['id']) };
}

function errorType(error: unknown): string {
  return error instanceof Error ? error.name : String(error);
}
