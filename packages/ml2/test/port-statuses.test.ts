import { randomUUID } from 'node:crypto';
import { constants, silentLogger, type ResourceDict } from '@net-server/lib';
import { DefaultQueryExecutor } from 'kysely';
import { NovaNotifier } from 'net-server';
import { describe, expect, it, vi } from 'vitest';
import { ml2View, type MechanismDriver, type PortContext } from '@net-server/ml2';
import { DHCP_ENTITY, provisioningBlocks } from '../src/db/provisioning-blocks.js';
import { L2AgentCallbacks } from '../src/rpc/l2-agent-callbacks.js';
import { admin, ml2Plugin, projectContext, type Notification } from './plugin-helpers.js';

const HOST = 'compute1';

/** What a driver sees of a port update, without what differs from port to port. */
function seen(hook: string, context: PortContext) {
  return {
    hook,
    status: context.current['status'],
    originalStatus: context.original?.['status'],
    revision: Number(context.current['revision_number']) - Number(context.original?.['revision_number']),
    // The attributes, once extension attributes are in (updatePort's precommit sees them only from the postcommit on, a batch from the start).
    keys: hook === 'updatePortPostcommit' ? Object.keys(context.current).sort() : undefined,
    vifType: context.binding.vif_type,
    originalVifType: context.originalBinding?.vif_type,
    levels: context.bindingLevels.map((level) => level.driver),
    originalLevels: context.originalBindingLevels?.map((level) => level.driver),
    segment: context.bottomBoundSegment?.network_type,
  };
}

async function boundPorts(count: number) {
  const calls = new Map<string, ReturnType<typeof seen>[]>();
  const record = (hook: string) => (context: PortContext) => {
    const id = String(context.current['id']);
    calls.set(id, [...(calls.get(id) ?? []), seen(hook, context)]);
  };
  const recorder: MechanismDriver = { updatePortPrecommit: record('updatePortPrecommit'), updatePortPostcommit: record('updatePortPostcommit') };
  const nova = new NovaNotifier({ sender: { send: async () => [] }, intervalMs: 60_000, statusChanges: true, dataChanges: true, logger: silentLogger });
  const statusEvents = vi.spyOn(nova, 'portStatusChanged');
  const { plugin, database, notifications } = await ml2Plugin(recorder, undefined, undefined, { novaNotifier: nova });
  await plugin.agentsDb.createOrUpdate(ml2View(database.db), {
    agent_type: constants.AGENT_TYPE_OVS,
    binary: 'neutron-openvswitch-agent',
    host: HOST,
    topic: 'N/A',
    configurations: { tunnel_types: ['vxlan'], tunneling_ip: '192.0.2.1' },
  });
  const network = await plugin.createNetwork(projectContext, { name: 'n' });
  await plugin.createSubnet(projectContext, { network_id: network.id, cidr: '10.1.0.0/24', ip_version: 4 });
  const ports: ResourceDict[] = [];
  for (let i = 0; i < count; i++) {
    ports.push(await plugin.createPort(admin, { network_id: network.id, 'binding:host_id': HOST, device_owner: 'compute:nova', device_id: randomUUID() }));
  }
  calls.clear();
  statusEvents.mockClear();
  notifications.length = 0;
  return { plugin, database, notifications, calls, statusEvents, ports };
}

const portPushes = (notifications: readonly Notification[]) =>
  notifications
    .filter((n) => n.method === 'push' && n.topic.startsWith('neutron-vo-Port-'))
    .map((n) => (n.args['resource_list'] as { 'versioned_object.data': ResourceDict }[]).map((object) => object['versioned_object.data']['status']));

describe('port status changes in a batch', () => {
  it('give every port what updatePort gives one for a status change: its row, the drivers, Nova and the agents', async () => {
    const { plugin, notifications, calls, statusEvents, ports } = await boundPorts(4);
    const [reference, ...batch] = ports as [ResourceDict, ...ResourceDict[]];
    const before = new Map(ports.map((port) => [String(port['id']), port]));

    await plugin.updatePort(admin, String(reference['id']), { status: constants.PORT_STATUS_ACTIVE });
    const expected = calls.get(String(reference['id']))!;
    expect(expected.map((call) => call.hook)).toEqual(['updatePortPrecommit', 'updatePortPostcommit']);
    expect(expected[0]).toMatchObject({
      status: 'ACTIVE',
      originalStatus: 'DOWN',
      revision: 1,
      vifType: 'ovs',
      levels: ['openvswitch'],
      originalLevels: ['openvswitch'],
    });
    expect(portPushes(notifications)).toEqual([['ACTIVE']]);
    notifications.length = 0;

    // An id that names no port is skipped, as neutron's update_port_statuses skips it.
    await plugin.updatePortStatuses(admin, new Map([...batch.map((port): [string, string] => [String(port['id']), 'ACTIVE']), ['no-such-port', 'ACTIVE']]));

    for (const port of batch) expect(calls.get(String(port['id']))).toEqual(expected);
    for (const port of ports) {
      const now = await plugin.getPort(admin, String(port['id']));
      const was = before.get(String(port['id']))!;
      expect(now).toMatchObject({ status: 'ACTIVE', revision_number: Number(was['revision_number']) + 1 });
      expect(String(now['updated_at']) >= String(was['updated_at'])).toBe(true);
    }
    expect(statusEvents.mock.calls.map(([port, previous, current]) => [port.id, previous, current])).toEqual(
      ports.map((port) => [port['id'], 'DOWN', 'ACTIVE']),
    );
    // One push of every port, where updatePort pushes each on its own.
    expect(portPushes(notifications)).toEqual([['ACTIVE', 'ACTIVE', 'ACTIVE']]);
    // A status report says nothing new to the agents: no port_update.
    expect(notifications.filter((n) => n.method === 'port_update')).toEqual([]);

    // A port already in the status asked for is left alone.
    calls.clear();
    notifications.length = 0;
    await plugin.updatePortStatuses(admin, new Map(batch.map((port) => [String(port['id']), 'ACTIVE'])));
    expect(calls.size).toBe(0);
    expect(notifications).toEqual([]);
    expect((await plugin.getPort(admin, String(batch[0]!['id'])))['revision_number']).toBe(Number(before.get(String(batch[0]!['id']))!['revision_number']) + 1);
  });

  it('read and write a batch of any size in the same number of queries', async () => {
    const { plugin, ports } = await boundPorts(8);
    const queries = vi.spyOn(DefaultQueryExecutor.prototype, 'executeQuery');
    const count = async (ids: readonly ResourceDict[], status: string) => {
      queries.mockClear();
      await plugin.updatePortStatuses(admin, new Map(ids.map((port) => [String(port['id']), status])));
      return queries.mock.calls.length;
    };
    const two = await count(ports.slice(0, 2), 'BUILD');
    const six = await count(ports.slice(2), 'BUILD');
    queries.mockRestore();
    expect(two).toBeGreaterThan(0);
    expect(six).toBe(two);
  });
});

describe('update_device_list', () => {
  it('takes many devices up in one batch: ports still waiting for DHCP stay DOWN, the others go ACTIVE', async () => {
    const { plugin, database, ports } = await boundPorts(4);
    const waiting = String(ports[0]!['id']);
    await provisioningBlocks.add(ml2View(database.db), waiting, DHCP_ENTITY);
    const callbacks = new L2AgentCallbacks(plugin, silentLogger);
    const devices = ports.map((port) => String(port['id']));
    const reply = await callbacks.update_device_list(admin.toDict(), { devices_up: [...devices, 'tapno-such-dev'], devices_down: [], host: HOST });
    expect(reply).toEqual({ devices_up: [...devices, 'tapno-such-dev'], failed_devices_up: [], devices_down: [], failed_devices_down: [] });
    const statuses = await Promise.all(devices.map(async (id) => (await plugin.getPort(admin, id))['status']));
    expect(statuses).toEqual(['DOWN', 'ACTIVE', 'ACTIVE', 'ACTIVE']);
    await plugin.provisioningComplete(admin, waiting, DHCP_ENTITY);
    expect((await plugin.getPort(admin, waiting))['status']).toBe('ACTIVE');
  });

  it('takes many devices down in one batch, in the same number of queries for any number, and says which name no port', async () => {
    const { plugin, ports } = await boundPorts(8);
    const callbacks = new L2AgentCallbacks(plugin, silentLogger);
    const devices = ports.map((port) => String(port['id']));
    await callbacks.update_device_list(admin.toDict(), { devices_up: devices, devices_down: [], host: HOST });
    const queries = vi.spyOn(DefaultQueryExecutor.prototype, 'executeQuery');
    const down = async (ids: readonly string[]) => {
      queries.mockClear();
      const reply = await callbacks.update_device_list(admin.toDict(), { devices_up: [], devices_down: ids, host: HOST });
      return { reply, queries: queries.mock.calls.length };
    };
    const two = await down([devices[0]!, devices[1]!, 'tapno-such-dev']);
    expect(two.reply).toEqual({
      devices_up: [],
      failed_devices_up: [],
      devices_down: [
        { device: devices[0], exists: true },
        { device: devices[1], exists: true },
        { device: 'tapno-such-dev', exists: false },
      ],
      failed_devices_down: [],
    });
    const statuses = await Promise.all(devices.map(async (id) => (await plugin.getPort(admin, id))['status']));
    expect(statuses).toEqual(['DOWN', 'DOWN', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE']);
    // Each batch names one device of no port: a tap name is looked up by its prefix.
    const six = await down([...devices.slice(2), 'tapno-other-dev']);
    expect(six.reply['devices_down']).toHaveLength(7);
    expect((await Promise.all(devices.map(async (id) => (await plugin.getPort(admin, id))['status']))).every((status) => status === 'DOWN')).toBe(true);
    queries.mockRestore();
    expect(six.queries).toBe(two.queries);
  });
});
