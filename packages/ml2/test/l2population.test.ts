import { constants, PortBound } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { ml2View } from '@net-server/ml2';
import { silentLogger } from '@net-server/lib';
import { DHCP_ENTITY } from '../src/db/provisioning-blocks.js';
import { L2AgentCallbacks } from '../src/rpc/l2-agent-callbacks.js';
import { admin, ml2Plugin, projectContext } from './plugin-helpers.js';

const FLOOD = ['00:00:00:00:00:00', '0.0.0.0'];
const agent = (host: string, ip: string) => ({
  agent_type: constants.AGENT_TYPE_OVS,
  binary: 'neutron-openvswitch-agent',
  host,
  topic: 'N/A',
  configurations: { tunnel_types: ['vxlan'], tunneling_ip: ip, l2_population: true },
});

describe('l2population', () => {
  it('tells agents where ports went up and down', async () => {
    const { plugin, database, notifications } = await ml2Plugin({}, undefined, undefined, { l2population: true });
    const db = ml2View(database.db);
    await plugin.agentsDb.createOrUpdate(db, agent('compute1', '192.0.2.1'));
    await plugin.agentsDb.createOrUpdate(db, agent('compute2', '192.0.2.2'));
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    const subnet = await plugin.createSubnet(projectContext, { network_id: network.id, cidr: '10.1.0.0/24', ip_version: 4 });
    const a = await plugin.createPort(admin, { network_id: network.id, 'binding:host_id': 'compute1', fixed_ips: [{ subnet_id: subnet.id }] });
    const b = await plugin.createPort(admin, { network_id: network.id, 'binding:host_id': 'compute2', fixed_ips: [{ subnet_id: subnet.id }] });
    const l2pop = () => notifications.filter((n) => n.topic === 'q-agent-notifier-l2population-update');
    const entry = (ports: Record<string, unknown>) => ({ [network.id]: { segment_id: network['provider:segmentation_id'], network_type: 'vxlan', ports } });
    const infos = (port: typeof a) => port.fixed_ips.map((ip) => [port.mac_address, ip.ip_address]);

    await plugin.updatePortStatuses(admin, new Map([[a.id, 'ACTIVE']]));
    // First port on compute1, nothing elsewhere: only the others learn of it.
    expect(l2pop()).toEqual([
      { topic: 'q-agent-notifier-l2population-update', method: 'add_fdb_entries', args: { fdb_entries: entry({ '192.0.2.1': [FLOOD, ...infos(a)] }) } },
    ]);

    await plugin.updatePortStatuses(admin, new Map([[b.id, 'ACTIVE']]));
    expect(l2pop().slice(1)).toEqual([
      {
        topic: 'q-agent-notifier-l2population-update',
        host: 'compute2',
        method: 'add_fdb_entries',
        args: { fdb_entries: entry({ '192.0.2.1': [FLOOD, ...infos(a)] }) },
      },
      { topic: 'q-agent-notifier-l2population-update', method: 'add_fdb_entries', args: { fdb_entries: entry({ '192.0.2.2': [FLOOD, ...infos(b)] }) } },
    ]);

    await plugin.deletePort(admin, b.id);
    expect(l2pop().at(-1)).toEqual({
      topic: 'q-agent-notifier-l2population-update',
      method: 'remove_fdb_entries',
      args: { fdb_entries: entry({ '192.0.2.2': [FLOOD, ...infos(b)] }) },
    });

    await plugin.updatePortStatuses(admin, new Map([[a.id, 'DOWN']]));
    expect(l2pop().at(-1)).toMatchObject({ method: 'remove_fdb_entries', args: { fdb_entries: entry({ '192.0.2.1': [FLOOD, ...infos(a)] }) } });
  });

  it('tells agents where a port is as soon as its agent wires it, DHCP still pending, and everything again to an agent that restarted', async () => {
    const { plugin, database, notifications } = await ml2Plugin({}, undefined, undefined, { l2population: true });
    const db = ml2View(database.db);
    await plugin.agentsDb.createOrUpdate(db, agent('compute1', '192.0.2.1'));
    await plugin.agentsDb.createOrUpdate(db, agent('compute2', '192.0.2.2'));
    await plugin.agentsDb.createOrUpdate(db, {
      agent_type: constants.AGENT_TYPE_DHCP,
      binary: 'neutron-dhcp-agent',
      host: 'net1',
      topic: 'dhcp_agent',
      configurations: {},
    });
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    await plugin.createSubnet(projectContext, { network_id: network.id, cidr: '10.4.0.0/24', ip_version: 4 });
    const vm = { device_owner: 'compute:nova' };
    const a = await plugin.createPort(admin, { network_id: network.id, 'binding:host_id': 'compute1', ...vm });
    const b = await plugin.createPort(admin, { network_id: network.id, 'binding:host_id': 'compute2', ...vm });
    const entry = (ports: Record<string, unknown>) => ({ [network.id]: { segment_id: network['provider:segmentation_id'], network_type: 'vxlan', ports } });
    const infos = (port: typeof a) => port.fixed_ips.map((ip) => [port.mac_address, ip.ip_address]);
    const agentRpc = new L2AgentCallbacks(plugin, silentLogger);
    const l2pop = () => notifications.filter((n) => n.topic === 'q-agent-notifier-l2population-update');

    await agentRpc.update_device_up(admin.toDict(), { device: `tap${a.id.slice(0, 11)}`, agent_id: 'lb-compute1', host: 'compute1' });
    // The DHCP agent has not answered yet: the port is not ACTIVE, but other hosts can already reach it.
    expect((await plugin.getPort(admin, a.id)).status).not.toBe('ACTIVE');
    expect(l2pop()).toEqual([
      { topic: 'q-agent-notifier-l2population-update', method: 'add_fdb_entries', args: { fdb_entries: entry({ '192.0.2.1': [FLOOD, ...infos(a)] }) } },
    ]);

    // The DHCP agent is done with it: ACTIVE, and so in the tables handed to other hosts (as neutron's, which lists ACTIVE ports).
    await plugin.provisioningComplete(admin, a.id, DHCP_ENTITY);
    expect((await plugin.getPort(admin, a.id)).status).toBe('ACTIVE');
    await agentRpc.update_device_up(admin.toDict(), { device: b.id, agent_id: 'lb-compute2', host: 'compute2' });
    await agentRpc.update_device_up(admin.toDict(), { device: b.id, agent_id: 'lb-compute2', host: 'compute2', refresh_tunnels: true });
    const toCompute2 = l2pop().filter((n) => n.host === 'compute2');
    // compute2 gets compute1's entries when b is wired, and again after its agent restarted.
    expect(toCompute2).toEqual([
      {
        topic: 'q-agent-notifier-l2population-update',
        host: 'compute2',
        method: 'add_fdb_entries',
        args: { fdb_entries: entry({ '192.0.2.1': [FLOOD, ...infos(a)] }) },
      },
      {
        topic: 'q-agent-notifier-l2population-update',
        host: 'compute2',
        method: 'add_fdb_entries',
        args: { fdb_entries: entry({ '192.0.2.1': [FLOOD, ...infos(a)] }) },
      },
    ]);
    // A device reported on a host it is not bound to changes nothing.
    const before = l2pop().length;
    await agentRpc.update_device_up(admin.toDict(), { device: b.id, agent_id: 'lb-compute1', host: 'compute1' });
    expect(l2pop().length).toBe(before);

    await agentRpc.update_device_down(admin.toDict(), { device: a.id, agent_id: 'lb-compute1', host: 'compute1' });
    expect(l2pop().at(-1)).toMatchObject({ method: 'remove_fdb_entries', args: { fdb_entries: entry({ '192.0.2.1': [FLOOD, ...infos(a)] }) } });
  });

  it('refuses a MAC change on an ACTIVE port', async () => {
    const { plugin, database } = await ml2Plugin({}, undefined, undefined, { l2population: true });
    await plugin.agentsDb.createOrUpdate(ml2View(database.db), agent('compute1', '192.0.2.1'));
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    // A bound port keeps its MAC before any driver is asked (ML2's PortBound); one whose binding failed reaches l2population.
    const bound = await plugin.createPort(admin, { network_id: network.id, 'binding:host_id': 'compute1' });
    const failed = await plugin.createPort(admin, { network_id: network.id, 'binding:host_id': 'no-agent-here' });
    expect(failed['binding:vif_type']).toBe('binding_failed');
    await plugin.updatePortStatuses(
      admin,
      new Map([
        [bound.id, 'ACTIVE'],
        [failed.id, 'ACTIVE'],
      ]),
    );
    await expect(plugin.updatePort(admin, bound.id, { mac_address: 'fa:16:3e:00:00:01' })).rejects.toBeInstanceOf(PortBound);
    await expect(plugin.updatePort(admin, failed.id, { mac_address: 'fa:16:3e:00:00:01' })).rejects.toThrow(
      `unable to modify mac_address of ACTIVE port ${failed.id}`,
    );
  });
});
