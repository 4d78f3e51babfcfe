import { constants } from '@net-server/lib';
import { addressNotHeld } from '@net-server/testkit';
import { sql } from 'net-server';
import { describe, expect, it, vi } from 'vitest';
import { ml2View } from '@net-server/ml2';
import type { DhcpAgentFailoverWorker } from '../src/dhcp/dhcp-agent-failover-worker.js';
import { dhcpAgentDeviceId } from '../src/rpc/dhcp-device-id.js';
import { createMysqlTestDatabase } from '../../net-server/test/mysql.js';
import { createTestDatabase } from '../../net-server/test/postgres.js';
import { admin, ml2Plugin, PLUGIN_INI, projectContext, type Notification } from './plugin-helpers.js';

const dhcpAgent = (host: string) => ({ agent_type: constants.AGENT_TYPE_DHCP, binary: 'neutron-dhcp-agent', host, topic: 'dhcp_agent', configurations: {} });

/** An Ml2Plugin with live DHCP agents on `hosts`, its notifications recorded. */
async function withDhcpAgents(hosts: readonly string[], ini = PLUGIN_INI, url?: string) {
  const { plugin, notifications, database } = await ml2Plugin({}, ini, undefined, url ? { url } : {});
  const db = ml2View(database.db);
  const register = (host: string) => plugin.agentsDb.createOrUpdate(db, dhcpAgent(host));
  for (const host of hosts) await register(host);
  const agentId = async (host: string) => (await plugin.agentsDb.list(db, { agentType: constants.AGENT_TYPE_DHCP, host }))[0]!.id;
  return { plugin, notifications, database, db, register, agentId };
}

const toDhcp = (notifications: readonly Notification[]) => notifications.filter((n) => n.topic === 'dhcp_agent');

describe('DHCP agent scheduling and notifications', () => {
  it("schedules a network with its first subnet and tells only its agent of every change, with neutron's payloads and priorities", async () => {
    const { plugin, notifications } = await withDhcpAgents(['net1', 'net2']);
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    // A network's creation waits for its first subnet, so an admin may place it by hand first.
    expect(toDhcp(notifications)).toEqual([]);
    const subnet = await plugin.createSubnet(projectContext, { network_id: network.id, cidr: '10.5.0.0/24', ip_version: 4 });
    const [host] = (await plugin.dhcp.agentsHostingNetwork(admin, network.id)).map((agent) => String(agent['host']));
    expect(['net1', 'net2']).toContain(host);
    const cast = (method: string, payload: Record<string, unknown>) => ({ topic: 'dhcp_agent', host, method, args: { payload } });
    expect(toDhcp(notifications)).toEqual([
      cast('network_create_end', { network: { id: network.id }, priority: 0 }),
      cast('subnet_create_end', { subnet: expect.objectContaining({ id: subnet.id }), priority: 3 }),
    ]);

    const before = toDhcp(notifications).length;
    const port = await plugin.createPort(projectContext, { network_id: network.id, device_owner: 'compute:nova', device_id: 'vm1' });
    await plugin.updatePort(projectContext, port.id, { name: 'not a DHCP matter' });
    const moved = addressNotHeld(port, ['10.5.0.50', '10.5.0.51']);
    await plugin.updatePort(projectContext, port.id, { fixed_ips: [{ subnet_id: subnet.id, ip_address: moved }] });
    await plugin.deletePort(projectContext, port.id);
    await plugin.deleteSubnet(projectContext, subnet.id);
    await plugin.deleteNetwork(projectContext, network.id);
    expect(toDhcp(notifications).slice(before)).toEqual([
      cast('port_create_end', { port: expect.objectContaining({ id: port.id }), priority: 5 }),
      cast('port_update_end', { port: expect.objectContaining({ id: port.id, fixed_ips: [{ subnet_id: subnet.id, ip_address: moved }] }), priority: 6 }),
      cast('port_delete_end', { port_id: port.id, network_id: network.id, fixed_ips: [{ subnet_id: subnet.id, ip_address: moved }], priority: 6 }),
      cast('subnet_delete_end', { subnet_id: subnet.id, network_id: network.id, priority: 4 }),
      // Nobody may know who served a deleted network: every agent is told.
      { topic: 'dhcp_agent', method: 'network_delete_end', args: { payload: { network_id: network.id, priority: 2 } } },
    ]);
  });

  it('gives each network to the agent hosting the fewest, or to dhcp_agents_per_network agents', async () => {
    const { plugin } = await withDhcpAgents(['net1', 'net2']);
    const hosts: string[] = [];
    for (const name of ['a', 'b']) {
      const network = await plugin.createNetwork(projectContext, { name });
      await plugin.createSubnet(projectContext, { network_id: network.id, cidr: `10.6.${hosts.length}.0/24`, ip_version: 4 });
      hosts.push(...(await plugin.dhcp.agentsHostingNetwork(admin, network.id)).map((agent) => String(agent['host'])));
    }
    expect(hosts.sort()).toEqual(['net1', 'net2']);

    const { plugin: twice } = await withDhcpAgents(['net1', 'net2', 'net3'], `${PLUGIN_INI}\n[DEFAULT]\ndhcp_agents_per_network = 2\n`);
    const network = await twice.createNetwork(projectContext, { name: 'twice' });
    await twice.createSubnet(projectContext, { network_id: network.id, cidr: '10.7.0.0/24', ip_version: 4 });
    expect(await twice.dhcp.agentsHostingNetwork(admin, network.id)).toHaveLength(2);
  });

  it('tells a DHCP agent when it is disabled or enabled (agent_updated), and only then', async () => {
    const { plugin, notifications, agentId } = await withDhcpAgents(['net1']);
    const id = await agentId('net1');
    const updated = (adminStateUp: boolean) => ({
      topic: 'dhcp_agent',
      host: 'net1',
      method: 'agent_updated',
      args: { payload: { admin_state_up: adminStateUp } },
    });
    await plugin.updateAgent(admin, id, { admin_state_up: false });
    await plugin.updateAgent(admin, id, { agent: { admin_state_up: false, description: 'drained' } });
    await plugin.updateAgent(admin, id, { admin_state_up: true });
    expect(toDhcp(notifications)).toEqual([updated(false), updated(true)]);
  });

  it('opens no write transaction to schedule a network that has its agents, or that no agent may take', async () => {
    const { plugin, register } = await withDhcpAgents(['net1']);
    const network = await plugin.createNetwork(projectContext, { name: 'hosted' });
    await plugin.createSubnet(projectContext, { network_id: network.id, cidr: '10.8.0.0/24', ip_version: 4 });
    const unhosted = await plugin.createNetwork(projectContext, { name: 'unhosted' });
    const { scheduling } = plugin.dhcp;
    const hosting = (await scheduling.hosting(admin, [network.id])).get(network.id);
    expect(hosting).toHaveLength(1);
    await plugin.updateAgent(admin, hosting![0]!.id, { admin_state_up: false });

    const writes = vi.spyOn(plugin.transactions, 'write');
    expect(await scheduling.schedule(admin, network.id, hosting)).toEqual([]);
    expect(await scheduling.schedule(admin, network.id)).toEqual([]);
    // Its only agent is disabled: nothing may take the other network.
    expect(await scheduling.schedule(admin, unhosted.id)).toEqual([]);
    expect(writes).not.toHaveBeenCalled();

    await register('net2');
    expect((await scheduling.schedule(admin, unhosted.id)).map((agent) => agent.host)).toEqual(['net2']);
    expect(writes).toHaveBeenCalledTimes(1);
  });

  it('binds, when an agent asks for its networks, those no agent hosts yet (network_auto_schedule)', async () => {
    const { plugin, register } = await withDhcpAgents([]);
    const network = await plugin.createNetwork(projectContext, { name: 'early' });
    await plugin.createSubnet(projectContext, { network_id: network.id, cidr: '10.8.0.0/24', ip_version: 4 });
    expect(await plugin.dhcp.agentsHostingNetwork(admin, network.id)).toEqual([]);
    await register('late');
    await plugin.dhcp.scheduling.autoSchedule(admin, 'late');
    expect(await plugin.dhcp.scheduling.networkIdsOnHost(admin, 'late')).toEqual([network.id]);
  });

  it('moves the networks of an agent that stopped reporting to a live one, reserving its DHCP port and telling only the new agent', async () => {
    const { plugin, notifications, db, register, agentId } = await withDhcpAgents(['dies']);
    const network = await plugin.createNetwork(projectContext, { name: 'n' });
    const subnet = await plugin.createSubnet(projectContext, { network_id: network.id, cidr: '10.9.0.0/24', ip_version: 4 });
    const dhcpPort = await plugin.createPort(admin, {
      network_id: network.id,
      device_owner: constants.DEVICE_OWNER_DHCP,
      device_id: dhcpAgentDeviceId(network.id, 'dies'),
      fixed_ips: [{ subnet_id: subnet.id }],
    });
    // Silent for longer than twice agent_down_time (75 s).
    await db
      .updateTable('ml2_agents')
      .set({ heartbeat_timestamp: new Date(Date.now() - 200_000).toISOString() })
      .where('id', '=', await agentId('dies'))
      .execute();
    await register('takes-over');
    const before = toDhcp(notifications).length;
    const [worker] = plugin.getWorkers() as DhcpAgentFailoverWorker[];
    await worker!.runOnce();
    expect((await plugin.dhcp.agentsHostingNetwork(admin, network.id)).map((agent) => agent['host'])).toEqual(['takes-over']);
    expect((await plugin.getPort(admin, dhcpPort.id))['device_id']).toBe(constants.DEVICE_ID_RESERVED_DHCP_PORT);
    expect(
      toDhcp(notifications)
        .slice(before)
        .filter((n) => n.method.startsWith('network_')),
    ).toEqual([{ topic: 'dhcp_agent', host: 'takes-over', method: 'network_create_end', args: { payload: { network: { id: network.id }, priority: 0 } } }]);
  });

  it.each([
    ['PostgreSQL', createTestDatabase],
    ['MariaDB', createMysqlTestDatabase],
  ])('binds a network once when two servers race to schedule it (%s)', async (_name, createDatabase) => {
    const url = await createDatabase();
    const one = await withDhcpAgents(['net1', 'net2'], PLUGIN_INI, url);
    const two = await ml2Plugin({}, PLUGIN_INI, undefined, { url });
    for (let round = 0; round < 5; round++) {
      const network = await one.plugin.createNetwork(projectContext, { name: `race-${round}` });
      const made = await Promise.all([one.plugin.dhcp.scheduling.schedule(admin, network.id), two.plugin.dhcp.scheduling.schedule(admin, network.id)]);
      expect(made.flat()).toHaveLength(1);
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ml2_network_dhcp_agent_bindings where network_id = ${network.id}`.execute(
        one.database.db,
      );
      expect(Number(rows[0]!.n)).toBe(1);
    }
  });

  it("moves a dead agent's networks once when two servers' failover passes run at once (PostgreSQL)", async () => {
    const url = await createTestDatabase();
    const ini = `${PLUGIN_INI}\n[DEFAULT]\ndhcp_agents_per_network = 2\n`;
    const one = await withDhcpAgents(['dies', 'lives-1'], ini, url);
    const two = await ml2Plugin({}, ini, undefined, { url });
    const networks: string[] = [];
    for (let index = 0; index < 6; index++) {
      const network = await one.plugin.createNetwork(projectContext, { name: `n${index}` });
      await one.plugin.createSubnet(projectContext, { network_id: network.id, cidr: `10.9.${index}.0/24`, ip_version: 4 });
      networks.push(network.id);
    }
    await one.db
      .updateTable('ml2_agents')
      .set({ heartbeat_timestamp: new Date(Date.now() - 200_000).toISOString() })
      .where('id', '=', await one.agentId('dies'))
      .execute();
    await one.register('lives-2');
    const [first] = one.plugin.getWorkers() as DhcpAgentFailoverWorker[];
    const [second] = two.plugin.getWorkers() as DhcpAgentFailoverWorker[];
    await Promise.all([first!.runOnce(), second!.runOnce()]);
    for (const id of networks)
      expect((await one.plugin.dhcp.agentsHostingNetwork(admin, id)).map((agent) => agent['host']).sort()).toEqual(['lives-1', 'lives-2']);
    // Each network was handed to its new agent by one of the two servers.
    const added = [...toDhcp(one.notifications), ...toDhcp(two.notifications)].filter((n) => n.method === 'network_create_end' && n.host === 'lives-2');
    expect(added.map((n) => (n.args['payload'] as { network: { id: string } }).network.id).sort()).toEqual([...networks].sort());
  });
});
