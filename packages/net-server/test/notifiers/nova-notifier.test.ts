import { randomUUID } from 'node:crypto';
import { addressNotHeld } from '@net-server/testkit';
import { Context, PortNotFound, type Logger } from '@net-server/lib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '../../src/config/config.js';
import { parseIni } from '../../src/config/ini-parser.js';
import { OptionRegistry } from '../../src/config/option-registry.js';
import { coreOptions } from '../../src/config/server-options.js';
import { DbBasePlugin } from '../../src/db-base-plugin/db-base-plugin.js';
import { BatchNotifier } from '../../src/notifiers/batch-notifier.js';
import { NovaAuthConfigError } from '../../src/notifiers/errors.js';
import { KeystoneSession } from '../../src/notifiers/keystone-session.js';
import { NovaClient, type NovaEvent, type NovaEventSender, type NovaEventsReply } from '../../src/notifiers/nova-client.js';
import { isComputePort, NovaNotifier } from '../../src/notifiers/nova-notifier.js';
import { novaOptionGroups } from '../../src/notifiers/nova-options.js';
import { migratedDatabase } from '../base-plugin-fixture.js';
import { recordingLogger } from '../helpers.js';
import { computeCatalog, startFakeIdentity, type FakeIdentity } from './fake-identity.js';
import { startValidatingNova, type ValidatingNova } from './validating-nova.js';

/*
 * neutron's Nova notifier (neutron/notifiers/nova.py, batch_notifier.py):
 * which port changes make which event, how events are batched, and how
 * they reach Nova: through a Keystone token and catalog, to an endpoint
 * that checks every request with Nova's own schema and answers as Nova
 * does (validating_nova.py, python3-nova's code).
 */

const admin = new Context({ userId: 'admin', projectId: 'admin-project', roles: ['admin'] });
const SERVER = '9a7c1c1e-2f0b-4d7e-8a3f-0c4a6e9b1d2f';
const OTHER_SERVER = '5f0e8d21-7b6c-4a3e-9d2f-1e0c3b4a5d6e';

/** A sender that keeps each batch (and can be made slow or failing). */
function recordingSender(options: { delayMs?: number; fail?: () => Error | undefined } = {}): NovaEventSender & { batches: NovaEvent[][]; sentAt: number[] } {
  const batches: NovaEvent[][] = [];
  const sentAt: number[] = [];
  return {
    batches,
    sentAt,
    async send(events): Promise<NovaEventsReply> {
      sentAt.push(Date.now());
      batches.push([...events]);
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const failure = options.fail?.();
      if (failure) throw failure;
      return { status: 200, events: events.map((event) => ({ ...event, code: 200 })), requestId: undefined };
    },
  };
}

function notifierWith(sender: NovaEventSender, more: Partial<ConstructorParameters<typeof NovaNotifier>[0]> = {}): NovaNotifier {
  return new NovaNotifier({ sender, intervalMs: 0, statusChanges: true, dataChanges: true, logger: recordingLogger().logger, ...more });
}

const vmPort = (more: Record<string, unknown> = {}) => ({ id: randomUUID(), device_id: SERVER, device_owner: 'compute:nova', status: 'DOWN', ...more });

describe("which port changes make which event (neutron's Notifier rules)", () => {
  const transitions: [string | undefined, string, NovaEvent['name'] | undefined, NovaEvent['status']][] = [
    [undefined, 'ACTIVE', 'network-vif-plugged', 'completed'],
    [undefined, 'ERROR', 'network-vif-plugged', 'failed'],
    ['DOWN', 'ACTIVE', 'network-vif-plugged', 'completed'],
    ['BUILD', 'ACTIVE', 'network-vif-plugged', 'completed'],
    ['BUILD', 'ERROR', 'network-vif-plugged', 'failed'],
    ['ACTIVE', 'DOWN', 'network-vif-unplugged', 'completed'],
    [undefined, 'DOWN', undefined, undefined],
    ['DOWN', 'BUILD', undefined, undefined],
    ['ACTIVE', 'BUILD', undefined, undefined],
    ['ACTIVE', 'ERROR', undefined, undefined],
    ['ERROR', 'ACTIVE', undefined, undefined],
    ['ERROR', 'DOWN', undefined, undefined],
  ];

  it.each(transitions)('status %s -> %s: %s %s', async (previous, current, name, status) => {
    const sender = recordingSender();
    const notifier = notifierWith(sender);
    const port = vmPort();
    notifier.portStatusChanged(port, previous, current);
    await notifier.close();
    expect(sender.batches.flat()).toEqual(name === undefined ? [] : [{ server_uuid: SERVER, name, status, tag: port.id }]);
  });

  it('only for ports of a server: device_owner compute:*, a device_id that is a uuid', async () => {
    const sender = recordingSender();
    const notifier = notifierWith(sender);
    const ports = [
      vmPort({ device_owner: 'network:dhcp' }),
      vmPort({ device_owner: '' }),
      vmPort({ device_id: '' }),
      vmPort({ device_id: 'vm1' }),
      vmPort({ device_owner: 'baremetal:none' }),
    ];
    for (const port of ports) {
      notifier.portStatusChanged(port, 'DOWN', 'ACTIVE');
      notifier.portUpdated(port);
      notifier.portDeleted(port);
    }
    await notifier.close();
    expect(sender.batches.flat()).toEqual([]);
    expect(isComputePort({ device_id: SERVER.replaceAll('-', ''), device_owner: 'compute:az1' })).toBe(true);
    expect(isComputePort({ device_id: `{${SERVER}}`, device_owner: 'compute:nova' })).toBe(true);
  });

  it('port data: network-changed on an update, network-vif-deleted on a delete, tagged with the port id', async () => {
    const sender = recordingSender();
    const notifier = notifierWith(sender);
    const port = vmPort();
    notifier.portUpdated(port);
    notifier.portDeleted(port);
    await notifier.close();
    expect(sender.batches).toEqual([
      [
        { server_uuid: SERVER, name: 'network-changed', tag: port.id },
        { server_uuid: SERVER, name: 'network-vif-deleted', tag: port.id },
      ],
    ]);
  });

  it('notify_nova_on_port_status_changes and notify_nova_on_port_data_changes each turn their events off', async () => {
    const sender = recordingSender();
    const port = vmPort();
    const noStatus = notifierWith(sender, { statusChanges: false });
    noStatus.portStatusChanged(port, 'DOWN', 'ACTIVE');
    noStatus.portActiveElsewhere(port);
    noStatus.portUpdated(port);
    await noStatus.close();
    const noData = notifierWith(sender, { dataChanges: false });
    noData.portStatusChanged(port, 'DOWN', 'ACTIVE');
    noData.portUpdated(port);
    noData.portDeleted(port);
    await noData.floatingIpChanged('create', undefined, { port_id: port.id }, async () => port);
    await noData.close();
    expect(sender.batches.flat().map((event) => event.name)).toEqual(['network-changed', 'network-vif-plugged']);
  });

  it("floating IPs: network-changed for the port's server it maps to, both servers when it moves, none for a port gone", async () => {
    const sender = recordingSender();
    const { logger, records } = recordingLogger();
    const notifier = notifierWith(sender, { logger });
    const a = vmPort();
    const b = vmPort({ device_id: OTHER_SERVER });
    const router = vmPort({ device_owner: 'network:router_interface' });
    const ports = new Map([a, b, router].map((port) => [port.id, port]));
    const getPort = async (id: string) => {
      const port = ports.get(id);
      if (!port) throw new PortNotFound({ port_id: id });
      return port;
    };
    await notifier.floatingIpChanged('create', undefined, { port_id: null }, getPort);
    await notifier.floatingIpChanged('create', undefined, { port_id: a.id }, getPort);
    await notifier.close();
    expect(sender.batches.flat()).toEqual([{ server_uuid: SERVER, name: 'network-changed', tag: a.id }]);

    sender.batches.length = 0;
    const moving = notifierWith(sender, { logger });
    // Moved from a to b without a disassociation first: a's server hears of it too (first), then b's.
    await moving.floatingIpChanged('update', { port_id: a.id }, { port_id: b.id }, getPort);
    // Disassociated: the server it left; deleted while associated: the server it mapped to.
    await moving.floatingIpChanged('update', { port_id: b.id }, { port_id: null }, getPort);
    await moving.floatingIpChanged('delete', undefined, { port_id: a.id }, getPort);
    // A description change of an associated floating IP is an update_floatingip too.
    await moving.floatingIpChanged('update', { port_id: a.id }, { port_id: a.id }, getPort);
    await moving.floatingIpChanged('update', undefined, { port_id: router.id }, getPort);
    await moving.floatingIpChanged('create', undefined, { port_id: 'gone' }, getPort);
    await moving.close();
    expect(sender.batches.flat().map((event) => [event.server_uuid, event.tag])).toEqual([
      [SERVER, a.id],
      [OTHER_SERVER, b.id],
      [OTHER_SERVER, b.id],
      [SERVER, a.id],
      [SERVER, a.id],
      [SERVER, a.id],
    ]);
    expect(records.some((record) => record['msg'] === 'Port was deleted, no need to send any notification' && record['port_id'] === 'gone')).toBe(true);
  });
});

describe("batches (neutron's BatchNotifier)", () => {
  it('sends the first event at once, then what arrives within send_events_interval in one batch', async () => {
    const batches: string[][] = [];
    const sentAt: number[] = [];
    const notifier = new BatchNotifier<string>({
      intervalMs: 600,
      send: async (batch) => {
        batches.push(batch);
        sentAt.push(Date.now());
      },
      failed: () => undefined,
    });
    const started = Date.now();
    notifier.queue('a');
    await new Promise((resolve) => setTimeout(resolve, 100));
    notifier.queue('b');
    notifier.queue('c');
    await new Promise((resolve) => setTimeout(resolve, 150));
    notifier.queue('d');
    await expect.poll(() => batches.length, { timeout: 3_000, interval: 20 }).toBe(2);
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
    // At once, not after the 600 ms interval; the bound leaves a loaded machine's pauses room below that.
    expect(sentAt[0]! - started).toBeLessThan(300);
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(590);
    // Idle again: the next event goes at once.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const again = Date.now();
    notifier.queue('e');
    await expect.poll(() => batches.length, { timeout: 3_000, interval: 10 }).toBe(3);
    expect(sentAt[2]! - again).toBeLessThan(100);
  });

  it('a slow receiver: queueing never waits, and what queued during the send goes in the next batch', async () => {
    const batches: string[][] = [];
    const notifier = new BatchNotifier<string>({
      intervalMs: 100,
      send: async (batch) => {
        batches.push(batch);
        await new Promise((resolve) => setTimeout(resolve, 500));
      },
      failed: () => undefined,
    });
    notifier.queue('first');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = Date.now();
    for (const event of ['x', 'y', 'z']) notifier.queue(event);
    // Queueing behind the 500 ms send would take 500 ms; the bound leaves a loaded machine's pauses room below that.
    expect(Date.now() - before).toBeLessThan(250);
    expect(notifier.pending).toBe(3);
    await expect.poll(() => batches.length, { timeout: 5_000, interval: 20 }).toBe(2);
    expect(batches).toEqual([['first'], ['x', 'y', 'z']]);
  });

  it('a failed send is reported and the next batch goes out', async () => {
    const batches: string[][] = [];
    const failures: string[][] = [];
    const notifier = new BatchNotifier<string>({
      intervalMs: 50,
      send: async (batch) => {
        batches.push(batch);
        if (batch.includes('bad')) throw new Error('Nova is down');
      },
      failed: (_error, batch) => failures.push([...batch]),
    });
    notifier.queue('bad');
    await expect.poll(() => failures.length, { timeout: 2_000, interval: 10 }).toBe(1);
    notifier.queue('good');
    await expect.poll(() => batches.length, { timeout: 2_000, interval: 10 }).toBe(2);
    expect(batches).toEqual([['bad'], ['good']]);
  });

  it('close sends what is queued without waiting for the interval, and counts what a hung receiver kept', async () => {
    const batches: string[][] = [];
    const notifier = new BatchNotifier<string>({ intervalMs: 60_000, send: async (batch) => void batches.push(batch), failed: () => undefined });
    notifier.queue('a');
    await expect.poll(() => batches.length, { timeout: 2_000, interval: 10 }).toBe(1);
    notifier.queue('b');
    const closing = Date.now();
    expect(await notifier.close(2_000)).toBe(0);
    expect(Date.now() - closing).toBeLessThan(1_000);
    expect(batches).toEqual([['a'], ['b']]);

    const hung = new BatchNotifier<string>({ intervalMs: 0, send: () => new Promise<void>(() => undefined), failed: () => undefined });
    hung.queue('c');
    hung.queue('d');
    expect(await hung.close(200)).toBe(2);
  });
});

describe("to Nova's os-server-external-events through Keystone (Nova's own request schema)", () => {
  let identity: FakeIdentity;
  let nova: ValidatingNova;
  const credentials = { username: 'neutron', password: 'neutron-secret', projectName: 'service', userDomainName: 'Default', projectDomainName: 'Default' };

  beforeAll(async () => {
    identity = await startFakeIdentity({
      neutron: { password: 'neutron-secret', project: 'service', roles: ['admin', 'service'] },
      nova: { password: 'nova-secret', project: 'service', roles: ['admin'] },
      member: { password: 'member-secret', project: 'demo', roles: ['member'] },
    });
    nova = await startValidatingNova({ keystoneUrl: identity.url, user: 'nova', password: 'nova-secret', project: 'service' });
    identity.setCatalog(computeCatalog([{ interface: 'public', region: 'RegionOne', url: nova.endpoint }]));
    await nova.addServers({ [SERVER]: 'compute1', [OTHER_SERVER]: 'compute1' });
  }, 60_000);

  afterAll(async () => {
    await nova?.close();
    await identity?.close();
  });

  /** Authentications of [nova]'s user (the validating Nova authenticates too, as its own service user). */
  const neutronAuths = () => identity.authRequests.filter((auth) => JSON.stringify(auth).includes('"name":"neutron"'));

  afterEach(async () => {
    identity.setTokenLifetime(3600);
    identity.setCatalog(computeCatalog([{ interface: 'public', region: 'RegionOne', url: nova.endpoint }]));
    await nova.setMode({});
    await nova.clear();
  });

  function httpNotifier(
    more: {
      logger?: Logger;
      interface?: string;
      region?: string;
      username?: string;
      password?: string;
      connectRetries?: number;
      timeoutMs?: number;
      intervalMs?: number;
    } = {},
  ): NovaNotifier {
    const logger = more.logger ?? recordingLogger().logger;
    const session = new KeystoneSession(
      { ...credentials, authUrl: identity.url, ...(more.username ? { username: more.username } : {}), ...(more.password ? { password: more.password } : {}) },
      { timeoutMs: more.timeoutMs ?? 10_000, connectRetries: more.connectRetries ?? 0, tls: { insecure: false }, logger, delay: async () => undefined },
    );
    const sender = new NovaClient(session, { interface: more.interface ?? 'public', region: more.region });
    return new NovaNotifier({ sender, intervalMs: more.intervalMs ?? 0, statusChanges: true, dataChanges: true, logger });
  }

  it("every event kind passes Nova's schema at microversion 2.1, with a token of [nova]'s user that is reused", async () => {
    const notifier = httpNotifier();
    const port = vmPort();
    notifier.portStatusChanged(port, 'DOWN', 'ACTIVE');
    notifier.portStatusChanged(port, 'BUILD', 'ERROR');
    await expect.poll(async () => (await nova.requests()).length, { timeout: 10_000, interval: 50 }).toBe(1);
    notifier.portStatusChanged(port, 'ACTIVE', 'DOWN');
    notifier.portUpdated(port);
    notifier.portDeleted(port);
    await expect.poll(async () => (await nova.requests()).length, { timeout: 10_000, interval: 50 }).toBe(2);
    const requests = await nova.requests();
    for (const request of requests) {
      expect(request.invalid).toBeUndefined();
      expect(request).toMatchObject({ path: '/v2.1/os-server-external-events', status: 200, version: '2.1', token_user: 'neutron' });
      expect(request.headers['x-openstack-nova-api-version']).toBe('2.1');
      expect(request.headers['x-openstack-request-id']).toMatch(/^req-[0-9a-f-]{36}$/);
    }
    expect(await nova.events()).toEqual([
      { server_uuid: SERVER, name: 'network-vif-plugged', status: 'completed', tag: port.id, code: 200 },
      { server_uuid: SERVER, name: 'network-vif-plugged', status: 'completed', tag: port.id, code: 200 },
      { server_uuid: SERVER, name: 'network-vif-unplugged', status: 'completed', tag: port.id, code: 200 },
      { server_uuid: SERVER, name: 'network-changed', status: 'completed', tag: port.id, code: 200 },
      { server_uuid: SERVER, name: 'network-vif-deleted', status: 'completed', tag: port.id, code: 200 },
    ]);
    // What was sent: Nova answers every event 'completed'; the plugged-to-ERROR one was sent 'failed'.
    expect((JSON.parse(requests[0]!.body) as { events: NovaEvent[] }).events.map((event) => event.status)).toEqual(['completed', 'failed']);
    const auths = neutronAuths();
    expect(auths).toHaveLength(1);
    expect(auths[0]).toEqual({
      identity: { methods: ['password'], password: { user: { name: 'neutron', domain: { name: 'Default' }, password: 'neutron-secret' } } },
      scope: { project: { name: 'service', domain: { name: 'Default' } } },
    });
  });

  it('the endpoint refuses what Nova refuses: a server_uuid that is no uuid, an event 2.1 does not know, an attribute too many', async () => {
    const session = new KeystoneSession(
      { ...credentials, authUrl: identity.url },
      { timeoutMs: 10_000, connectRetries: 0, tls: { insecure: false }, logger: recordingLogger().logger },
    );
    const client = new NovaClient(session, { interface: 'public', region: undefined });
    const refused = async (event: Record<string, unknown>) => {
      const error = await client.send([event as unknown as NovaEvent]).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({ code: 'NOVA_REQUEST_FAILED', status: 400 });
      return (await nova.requests()).at(-1)!.invalid;
    };
    expect(await refused({ server_uuid: 'vm1', name: 'network-vif-plugged', tag: 'p' })).toMatch(/server_uuid.*is not a 'uuid'/);
    expect(await refused({ server_uuid: SERVER, name: 'volume-extended', tag: 'p' })).toMatch(/name/);
    expect(await refused({ server_uuid: SERVER, name: 'network-changed', tag: 'p', code: 200 })).toMatch(/Additional properties are not allowed/);
    expect(await refused({ server_uuid: SERVER, name: 'network-vif-plugged', status: 'done', tag: 'p' })).toMatch(/status/);
    expect((await client.send([{ server_uuid: SERVER, name: 'network-vif-plugged', status: 'completed', tag: 'p' }])).status).toBe(200);
  });

  it('a revoked token: Nova answers 401, the notifier gets a new token and the batch goes through', async () => {
    const notifier = httpNotifier();
    const port = vmPort();
    notifier.portUpdated(port);
    await expect.poll(async () => (await nova.events()).length, { timeout: 10_000, interval: 50 }).toBe(1);
    const authsBefore = neutronAuths().length;
    identity.revokeAll();
    notifier.portDeleted(port);
    await expect.poll(async () => (await nova.events()).length, { timeout: 10_000, interval: 50 }).toBe(2);
    expect((await nova.requests()).map((request) => request.status)).toEqual([200, 401, 200]);
    expect(neutronAuths().length - authsBefore).toBe(1);
  });

  it('a token within two minutes of its expiry is replaced before it is used', async () => {
    identity.setTokenLifetime(90);
    const notifier = httpNotifier();
    const authsBefore = neutronAuths().length;
    notifier.portUpdated(vmPort());
    await expect.poll(async () => (await nova.events()).length, { timeout: 10_000, interval: 50 }).toBe(1);
    notifier.portUpdated(vmPort());
    await expect.poll(async () => (await nova.events()).length, { timeout: 10_000, interval: 50 }).toBe(2);
    expect(neutronAuths().length - authsBefore).toBe(2);
    expect((await nova.requests()).map((request) => request.status)).toEqual([200, 200]);
  });

  it("Nova's 207: each event's code is logged, failed ones as warnings", async () => {
    const { logger, records } = recordingLogger();
    const notifier = httpNotifier({ logger });
    const unknown = vmPort({ device_id: randomUUID() });
    const hostless = vmPort({ device_id: randomUUID() });
    await nova.addServers({ [hostless.device_id]: null });
    const known = vmPort();
    notifier.portUpdated(unknown);
    notifier.portUpdated(hostless);
    notifier.portUpdated(known);
    await expect.poll(async () => (await nova.requests()).length, { timeout: 10_000, interval: 50 }).toBe(1);
    expect((await nova.requests())[0]!.status).toBe(207);
    await expect.poll(() => records.filter((record) => String(record['msg']).startsWith('Nova event')).length, { timeout: 5_000, interval: 20 }).toBe(3);
    const logged = records.filter((record) => String(record['msg']).startsWith('Nova event'));
    expect(
      logged.map((record) => [record['level'], (record['event'] as { tag: string; code: number }).tag, (record['event'] as { code: number }).code]),
    ).toEqual([
      ['warn', unknown.id, 404],
      ['warn', hostless.id, 422],
      ['info', known.id, 200],
    ]);
    expect(String(logged[0]!['msg'])).toMatch(/^Nova event matching req-[0-9a-f-]+: returned with failed status$/);
  });

  it("the endpoint is the catalog's compute endpoint of [nova] endpoint_type in region_name", async () => {
    identity.setCatalog(
      computeCatalog([
        { interface: 'public', region: 'RegionOne', url: 'http://127.0.0.1:9/v2.1' },
        { interface: 'internal', region: 'RegionOne', url: 'http://127.0.0.1:9/v2.1' },
        { interface: 'internal', region: 'RegionTwo', url: nova.endpoint },
      ]),
    );
    const notifier = httpNotifier({ interface: 'internal', region: 'RegionTwo' });
    notifier.portUpdated(vmPort());
    await expect.poll(async () => (await nova.events()).length, { timeout: 10_000, interval: 50 }).toBe(1);

    const { logger, records } = recordingLogger();
    const nowhere = httpNotifier({ logger, interface: 'admin', region: 'RegionTwo' });
    nowhere.portUpdated(vmPort());
    await expect
      .poll(() => records.find((record) => record['msg'] === 'Failed to notify nova on events')?.['code'], { timeout: 5_000, interval: 20 })
      .toBe('NOVA_ENDPOINT_NOT_FOUND');
  });

  it('Nova failing, unreachable or refusing the token is logged; the next batch goes out once Nova is back', async () => {
    const { logger, records } = recordingLogger();
    const failures = () => records.filter((record) => record['msg'] === 'Failed to notify nova on events');
    const notifier = httpNotifier({ logger });
    await nova.setMode({ failStatus: 500 });
    const port = vmPort();
    notifier.portUpdated(port);
    await expect.poll(() => failures().length, { timeout: 10_000, interval: 20 }).toBe(1);
    expect(failures()[0]).toMatchObject({
      level: 'error',
      code: 'NOVA_REQUEST_FAILED',
      events: [{ server_uuid: SERVER, name: 'network-changed', tag: port.id }],
    });
    await nova.setMode({ drop: true });
    notifier.portUpdated(port);
    await expect.poll(() => failures().length, { timeout: 10_000, interval: 20 }).toBe(2);
    expect(failures()[1]!['code']).toBe('NOVA_NOTIFIER_CONNECTION_FAILED');
    await nova.setMode({});
    notifier.portDeleted(port);
    await expect.poll(async () => (await nova.events()).map((event) => event.name), { timeout: 10_000, interval: 50 }).toEqual(['network-vif-deleted']);

    const refused = httpNotifier({ logger, password: 'wrong' });
    refused.portUpdated(port);
    await expect.poll(() => failures().length, { timeout: 10_000, interval: 20 }).toBe(3);
    expect(failures()[2]!['code']).toBe('NOVA_KEYSTONE_AUTH_FAILED');
    // A user Nova's policy does not allow (not an admin): Nova's 403, logged.
    const member = new NovaNotifier({
      sender: new NovaClient(
        new KeystoneSession(
          {
            authUrl: identity.url,
            username: 'member',
            password: 'member-secret',
            userDomainName: 'Default',
            projectName: 'demo',
            projectDomainName: 'Default',
          },
          { timeoutMs: 10_000, connectRetries: 0, tls: { insecure: false }, logger },
        ),
        { interface: 'public', region: undefined },
      ),
      intervalMs: 0,
      statusChanges: true,
      dataChanges: true,
      logger,
    });
    member.portUpdated(port);
    await expect.poll(() => failures().length, { timeout: 10_000, interval: 20 }).toBe(4);
    expect(String(failures()[3]!['error'])).toMatch(/HTTP 403/);
  });

  it('unreachable Nova: tried again http_retries times, then logged', async () => {
    identity.setCatalog(computeCatalog([{ interface: 'public', region: 'RegionOne', url: 'http://127.0.0.1:9/v2.1' }]));
    const { logger, records } = recordingLogger();
    const notifier = httpNotifier({ logger, connectRetries: 2 });
    notifier.portUpdated(vmPort());
    await expect.poll(() => records.some((record) => record['msg'] === 'Failed to notify nova on events'), { timeout: 10_000, interval: 20 }).toBe(true);
    expect(records.filter((record) => record['msg'] === 'request got no answer; trying again').map((record) => record['attempt'])).toEqual([1, 2]);
  });

  it('a slow Nova: nothing queued meanwhile is lost, it goes in the next batch', async () => {
    await nova.setMode({ delay: 1.5 });
    const notifier = httpNotifier({ intervalMs: 200 });
    const first = vmPort();
    notifier.portUpdated(first);
    await expect.poll(async () => (await nova.requests()).length, { timeout: 5_000, interval: 20 }).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const later = [vmPort(), vmPort(), vmPort()];
    const queued = Date.now();
    for (const port of later) notifier.portDeleted(port);
    // Waiting for the 1.5 s Nova would take 1.5 s; the bound leaves a loaded machine's pauses room below that.
    expect(Date.now() - queued).toBeLessThan(250);
    await nova.setMode({});
    await expect.poll(async () => (await nova.requests()).length, { timeout: 10_000, interval: 50 }).toBe(2);
    const requests = await nova.requests();
    expect(requests.map((request) => (JSON.parse(request.body) as { events: NovaEvent[] }).events.map((event) => event.tag))).toEqual([
      [first.id],
      later.map((port) => port.id),
    ]);
  });

  it("neutron.conf's [nova] section as deployments write it", async () => {
    const config = novaConfig(`
[DEFAULT]
send_events_interval = 1
[nova]
auth_url = ${identity.url}
auth_type = password
project_domain_name = Default
user_domain_name = Default
region_name = RegionOne
project_name = service
username = neutron
password = neutron-secret
endpoint_type = public
`);
    const notifier = NovaNotifier.fromConfig(config, recordingLogger().logger)!;
    expect(notifier).toBeDefined();
    notifier.portStatusChanged(vmPort(), 'BUILD', 'ACTIVE');
    await expect.poll(async () => (await nova.events()).map((event) => event.name), { timeout: 10_000, interval: 50 }).toEqual(['network-vif-plugged']);
  });
});

function novaConfig(ini: string): Config {
  const registry = new OptionRegistry();
  registry.register([{ group: 'DEFAULT', options: Object.values(coreOptions) }, ...novaOptionGroups], 'net-server');
  return Config.resolve(registry, { files: [parseIni(ini, 'neutron.conf')], env: {} });
}

describe('configuration: [DEFAULT] notify_nova_on_* and [nova]', () => {
  const complete = ['auth_type = password', 'auth_url = http://keystone:5000/v3', 'username = neutron', 'password = p', 'project_name = service'];
  const section = (lines: string[]) => `[nova]\n${lines.join('\n')}\n`;

  it('off when both notify options are off, or when [nova] auth_type is unset (a warning when [nova] looks meant to work)', () => {
    const quiet = recordingLogger();
    expect(
      NovaNotifier.fromConfig(
        novaConfig(
          `[DEFAULT]\nnotify_nova_on_port_status_changes = false\nnotify_nova_on_port_data_changes = false\n${section([...complete, 'user_domain_name = Default', 'project_domain_name = Default'])}`,
        ),
        quiet.logger,
      ),
    ).toBeUndefined();
    expect(NovaNotifier.fromConfig(novaConfig(''), quiet.logger)).toBeUndefined();
    expect(quiet.records.filter((record) => record['level'] === 'warn')).toEqual([]);
    const loud = recordingLogger();
    expect(NovaNotifier.fromConfig(novaConfig(section(['auth_url = http://keystone:5000/v3', 'username = neutron'])), loud.logger)).toBeUndefined();
    expect(loud.records.filter((record) => record['level'] === 'warn').map((record) => record['msg'])).toEqual([
      '[nova] auth_type is not set: Nova will not be told of port changes (set auth_type = password)',
    ]);
  });

  it('on with either option, as neutron: default True for both', () => {
    const only = NovaNotifier.fromConfig(
      novaConfig(`[DEFAULT]\nnotify_nova_on_port_data_changes = false\n${section([...complete, 'default_domain_name = Default'])}`),
      recordingLogger().logger,
    )!;
    expect([only.statusChanges, only.dataChanges]).toEqual([true, false]);
    const both = NovaNotifier.fromConfig(
      novaConfig(section(['auth_plugin = v3password', ...complete.slice(1), 'default_domain_id = default'])),
      recordingLogger().logger,
    )!;
    expect([both.statusChanges, both.dataChanges]).toEqual([true, true]);
  });

  it.each([
    [['auth_type = password'], 'auth_url'],
    [complete.filter((line) => !line.startsWith('password')), 'password'],
    [complete.filter((line) => !line.startsWith('username')), 'username'],
    [complete, 'user_domain_name'],
    [[...complete.filter((line) => !line.startsWith('project_name')), 'user_domain_name = Default'], 'project_name'],
    [[...complete, 'user_domain_name = Default'], 'project_domain_name'],
    [[...complete, 'default_domain_name = Default', 'cafile = /nonexistent/ca.pem'], 'cafile'],
    [['auth_type = password', 'auth_url = keystone:5000'], 'auth_url'],
  ])('incomplete credentials stop the server: %j -> [nova] %s', (lines, option) => {
    let error: unknown;
    try {
      NovaNotifier.fromConfig(novaConfig(section(lines)), recordingLogger().logger);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NovaAuthConfigError);
    expect(error).toMatchObject({ code: 'NOVA_AUTH_INVALID', group: 'nova', option });
  });
});

describe("the core's port hooks feed the notifier (DbBasePlugin)", () => {
  async function coreWith(more: { statusChanges?: boolean; dataChanges?: boolean } = {}) {
    const sender = recordingSender();
    const novaNotifier = notifierWith(sender, more);
    const { database } = await migratedDatabase('sqlite');
    const plugin = new DbBasePlugin({ database, novaNotifier });
    const network = await plugin.createNetwork(admin, { name: 'n' });
    const subnet = await plugin.createSubnet(admin, { network_id: network.id, cidr: '10.0.0.0/24', ip_version: 4 });
    return { plugin, sender, novaNotifier, network, subnet };
  }

  it("a server's port: plugged when created ACTIVE (the base plugin's default), unplugged, plugged again, changed on updates, deleted", async () => {
    const { plugin, sender, novaNotifier, network, subnet } = await coreWith();
    const port = await plugin.createPort(admin, { network_id: network.id, device_id: SERVER, device_owner: 'compute:nova' });
    await plugin.updatePort(admin, port.id, { status: 'DOWN' });
    await plugin.updatePort(admin, port.id, { status: 'DOWN' });
    await plugin.updatePort(admin, port.id, { status: 'ACTIVE' });
    await plugin.updatePort(admin, port.id, {
      fixed_ips: [{ subnet_id: subnet.id, ip_address: addressNotHeld(port, ['10.0.0.50', '10.0.0.51']) }],
    });
    await plugin.updatePort(admin, port.id, { name: 'renamed' });
    await plugin.deletePort(admin, port.id);
    await novaNotifier.close();
    expect(sender.batches.flat().map((event) => [event.name, event.status])).toEqual([
      ['network-vif-plugged', 'completed'],
      ['network-vif-unplugged', 'completed'],
      ['network-vif-plugged', 'completed'],
      ['network-changed', undefined],
      ['network-changed', undefined],
      ['network-vif-deleted', undefined],
    ]);
    expect(new Set(sender.batches.flat().map((event) => `${event.server_uuid} ${event.tag}`))).toEqual(new Set([`${SERVER} ${port.id}`]));
  });

  it('ports of no server, and changes rolled back, tell Nova nothing', async () => {
    const { plugin, sender, novaNotifier, network } = await coreWith();
    const dhcp = await plugin.createPort(admin, { network_id: network.id, device_id: 'dhcp-1', device_owner: 'network:dhcp' });
    const unowned = await plugin.createPort(admin, { network_id: network.id });
    for (const port of [dhcp, unowned]) {
      await plugin.updatePort(admin, port.id, { status: 'DOWN' });
      await plugin.updatePort(admin, port.id, { name: 'x' });
      await plugin.deletePort(admin, port.id);
    }
    const vm = await plugin.createPort(admin, { network_id: network.id, device_id: SERVER, device_owner: 'compute:nova' });
    await novaNotifier.close();
    sender.batches.length = 0;
    const failing = plugin.hooks.add('port', {
      precommitUpdate: () => {
        throw new Error('a driver refuses');
      },
    });
    await expect(plugin.updatePort(admin, vm.id, { status: 'DOWN' })).rejects.toThrow('a driver refuses');
    await expect(plugin.updatePort(admin, vm.id, { name: 'y' })).rejects.toThrow('a driver refuses');
    failing();
    await novaNotifier.close();
    expect(sender.batches.flat()).toEqual([]);
  });

  it('each notify option off leaves its events out', async () => {
    const noStatus = await coreWith({ statusChanges: false });
    const a = await noStatus.plugin.createPort(admin, { network_id: noStatus.network.id, device_id: SERVER, device_owner: 'compute:nova' });
    await noStatus.plugin.updatePort(admin, a.id, { status: 'DOWN' });
    await noStatus.plugin.updatePort(admin, a.id, { name: 'a' });
    await noStatus.novaNotifier.close();
    expect(noStatus.sender.batches.flat().map((event) => event.name)).toEqual(['network-changed']);
    const noData = await coreWith({ dataChanges: false });
    const b = await noData.plugin.createPort(admin, { network_id: noData.network.id, device_id: SERVER, device_owner: 'compute:nova' });
    await noData.plugin.updatePort(admin, b.id, { name: 'b' });
    await noData.plugin.deletePort(admin, b.id);
    await noData.novaNotifier.close();
    expect(noData.sender.batches.flat().map((event) => event.name)).toEqual(['network-vif-plugged']);
  });
});
