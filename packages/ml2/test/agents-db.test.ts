import { describe, expect, it } from 'vitest';
import { AgentsDb, ml2Db, runInTransaction } from '@net-server/ml2';
import { migratedDatabase } from './helpers.js';

const ovs = {
  agent_type: 'Open vSwitch agent',
  binary: 'neutron-openvswitch-agent',
  host: 'compute1',
  topic: 'N/A',
  configurations: { bridge_mappings: { physnet1: 'br-ex' } },
  start_flag: true,
};

describe('AgentsDb', () => {
  it('registers new agents, refreshes alive ones and revives dead ones', async () => {
    const { database } = await migratedDatabase();
    let now = new Date('2026-01-01T00:00:00Z');
    const agents = new AgentsDb(75, () => now);
    const first = await runInTransaction(database, (db) => agents.createOrUpdate(db, ovs));
    expect(first.status).toBe('new');
    expect(first.agent).toMatchObject({
      agent_type: 'Open vSwitch agent',
      host: 'compute1',
      alive: true,
      admin_state_up: true,
      configurations: ovs.configurations,
      heartbeat_timestamp: '2026-01-01 00:00:00',
    });
    now = new Date('2026-01-01T00:01:00Z');
    expect((await runInTransaction(database, (db) => agents.createOrUpdate(db, { ...ovs, start_flag: false }))).status).toBe('alive');
    now = new Date('2026-01-01T00:02:15Z');
    const [listed] = await agents.list(ml2Db(database));
    expect(listed).toMatchObject({ alive: true, started_at: '2026-01-01 00:00:00', heartbeat_timestamp: '2026-01-01 00:01:00' });
    now = new Date('2026-01-01T00:02:16Z');
    expect((await agents.list(ml2Db(database)))[0]!.alive).toBe(false);
    expect((await runInTransaction(database, (db) => agents.createOrUpdate(db, ovs))).status).toBe('revived');
    expect(await agents.list(ml2Db(database))).toHaveLength(1);
  });

  it('finds by type and host, and refuses an unknown id', async () => {
    const { database } = await migratedDatabase();
    const agents = new AgentsDb(75);
    const db = ml2Db(database);
    const { agent } = await agents.createOrUpdate(db, ovs);
    await agents.createOrUpdate(db, { ...ovs, agent_type: 'DHCP agent', binary: 'neutron-dhcp-agent', topic: 'dhcp_agent' });
    expect((await agents.hostAgents(db, 'Open vSwitch agent', 'compute1')).map((a) => a.id)).toEqual([agent.id]);
    expect(await agents.get(db, agent.id)).toMatchObject({ id: agent.id, agent_type: 'Open vSwitch agent' });
    const unknown = '8a6c2f1e-0000-4000-8000-000000000000';
    await expect(agents.get(db, unknown)).rejects.toThrow(`Agent ${unknown} could not be found.`);
  });

  it('refuses a state report without the identifying fields', async () => {
    const { database } = await migratedDatabase();
    await expect(new AgentsDb(75).createOrUpdate(ml2Db(database), { agent_type: 'x', host: 'h', topic: 't' })).rejects.toThrow(
      "agent_state needs a non-empty string 'binary'",
    );
  });
});
