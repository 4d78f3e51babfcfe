import { constants } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { ml2View } from '@net-server/ml2';
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
    expect(l2pop()).toEqual([{ topic: 'q-agent-notifier-l2population-update', method: 'add_fdb_entries', args: { fdb_entries: entry({ '192.0.2.1': [FLOOD, ...infos(a)] }) } }]);

    await plugin.updatePortStatuses(admin, new Map([[b.id, 'ACTIVE']]));
    expect(l2pop().slice(1)).toEqual([
      { topic: 'q-agent-notifier-l2population-update', host: 'compute2', method: 'add_fdb_entries', args: { fdb_entries: entry({ '192.0.2.1': [FLOOD, ...infos(a)] }) } },
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

  it('refuses a MAC change on an ACTIVE port', async () => {
    const { plugin, database } = await ml2Plugin({}, undefined, undefined, { l2population: true });
    await plugin.agentsDb.createOrUpdate(ml2View(database.db), agent('compute1', '192.0.2.1'));
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    const port = await plugin.createPort(admin, { network_id: network.id, 'binding:host_id': 'compute1' });
    await plugin.updatePortStatuses(admin, new Map([[port.id, 'ACTIVE']]));
    await expect(plugin.updatePort(admin, port.id, { mac_address: 'fa:16:3e:00:00:01' })).rejects.toThrow(`unable to modify mac_address of ACTIVE port ${port.id}`);
  });
});
