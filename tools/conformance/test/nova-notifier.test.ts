import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@net-server/lib';
import { Config, NovaNotifier, OptionRegistry, parseIni, novaOptionGroups } from 'net-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../agents-e2e/src/proc.js';
import { startValidatingNova, type ValidatingNova } from '../../../packages/net-server/test/notifiers/validating-nova.js';
import type { IdentityClient } from '../src/identity.js';
import { Keystone, KEYSTONE_REGION } from '../src/keystone.js';
import { missingPackages } from '../src/packages.js';
import { createDatabase, dropDatabase } from '../src/postgres.js';

/*
 * net-server's Nova notifier against a real Keystone (Debian's Zed, started
 * by the conformance harness's Keystone class on a PostgreSQL database of
 * this test's own): [nova] as neutron.conf writes it, a password token of a
 * real service user, the compute endpoint found in Keystone's real catalog,
 * and the validating Nova (Nova's own request schema) checking that token
 * with Keystone as keystonemiddleware does. A revoked token (Keystone's
 * revocation list) is answered 401 by Nova and replaced by the notifier.
 * The rest of the notifier is tested against a fake Keystone in
 * packages/net-server/test/notifiers and packages/l3/test/nova-notifications.
 */
describe('Nova notifications with a token from a real Keystone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nova-notifier-keystone-'));
  const database = `ks_nova_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(9).toString('hex');
  let keystone: Keystone | undefined;
  let admin: IdentityClient;
  let nova: ValidatingNova | undefined;

  beforeAll(async () => {
    const missing = await missingPackages(['keystone', 'python3-psycopg2', 'uwsgi-plugin-python3', 'python3-nova']);
    if (missing.length > 0) throw new Error(`missing Debian packages ${missing.join(' ')}: .ci/run installs them`);
    await createDatabase(database);
    keystone = await Keystone.install({ dir: join(dir, 'keystone'), port: await freePort(), database, log: (line) => console.log(`[keystone] ${line}`) });
    await keystone.start();
    admin = await keystone.admin();
    const service = await admin.ensureProject('service');
    const neutron = await admin.ensureUser('neutron', password, service);
    // Nova's os_compute_api:os-server-external-events:create is rule:context_is_admin in Zed.
    await admin.grant(service, neutron, 'admin');
    nova = await startValidatingNova({ keystoneUrl: keystone.url, user: 'admin', password: keystone.state.adminPassword, project: 'admin' });
    await admin.createEndpoints(await admin.ensureService('compute', 'nova'), KEYSTONE_REGION, nova.endpoint);
  }, 360_000);

  afterAll(async () => {
    await nova?.close();
    await keystone?.stop();
    await dropDatabase(database);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('network-vif-plugged reaches Nova with a token Keystone validates; a revoked token is replaced', async () => {
    const registry = new OptionRegistry();
    registry.register(novaOptionGroups, 'net-server');
    const config = Config.resolve(registry, {
      files: [
        parseIni(
          `[DEFAULT]
send_events_interval = 1
[nova]
auth_url = ${keystone!.url}/v3
auth_type = password
project_domain_name = Default
user_domain_name = Default
region_name = ${KEYSTONE_REGION}
project_name = service
username = neutron
password = ${password}
`,
          'neutron.conf',
        ),
      ],
      env: {},
    });
    const notifier = NovaNotifier.fromConfig(config, createLogger({ level: 'warn' }))!;
    const server = randomUUID();
    await nova!.addServers({ [server]: 'compute1' });
    const port = { id: randomUUID(), device_id: server, device_owner: 'compute:nova' };
    notifier.portStatusChanged(port, 'BUILD', 'ACTIVE');
    await expect
      .poll(async () => (await nova!.events()).map((event) => [event.name, event.code]), { timeout: 30_000, interval: 100 })
      .toEqual([['network-vif-plugged', 200]]);
    const [first] = await nova!.requests();
    expect(first).toMatchObject({ status: 200, version: '2.1', token_user: 'neutron' });
    expect(first!.invalid).toBeUndefined();

    await admin.revoke(first!.token!);
    notifier.portStatusChanged(port, 'ACTIVE', 'DOWN');
    await expect
      .poll(async () => (await nova!.events()).map((event) => event.name), { timeout: 30_000, interval: 100 })
      .toEqual(['network-vif-plugged', 'network-vif-unplugged']);
    const statuses = (await nova!.requests()).map((request) => request.status);
    expect(statuses).toEqual([200, 401, 200]);
    expect((await nova!.requests())[2]!.token).not.toBe(first!.token);
    await notifier.close();
  }, 120_000);
});
