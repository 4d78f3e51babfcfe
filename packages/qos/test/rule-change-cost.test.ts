import type { ApiClient, TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQosServer, type Dict } from './helpers.js';
import { StatementCount } from './statement-count.js';

const MANY = 30;

/*
 * A rule change checks every port its policy reaches, and a network's new
 * policy every port of the network: the ports are listed once and their
 * networks loaded in one list, so the statements a change runs do not grow
 * with the ports.
 */
describe('the cost of QoS changes on SQLite', () => {
  let server: TestServer;
  let admin: ApiClient;
  let statements: StatementCount;

  beforeAll(async () => {
    server = await startQosServer('sqlite');
    admin = server.client;
    statements = new StatementCount();
  }, 120_000);
  afterAll(async () => {
    statements?.restore();
    await server?.stop();
  });

  async function created(path: string, key: string, body: Dict): Promise<Dict> {
    const reply = await admin.post(path, { [key]: body });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body[key] as Dict;
  }
  async function portsOn(networkId: unknown, count: number): Promise<void> {
    const reply = await admin.post('/ports', { ports: Array.from({ length: count }, () => ({ network_id: networkId })) });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  }
  const vlan = (name: string, extra: Dict = {}): Promise<Dict> =>
    created('/networks', 'network', { name, 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', ...extra });

  /** A policy on a network with `ports` ports, and on one port of its own elsewhere. */
  async function policyReaching(ports: number): Promise<string> {
    const policy = String((await created('/qos/policies', 'policy', { name: `reaches-${ports}` }))['id']);
    await portsOn((await vlan(`with-${ports}`, { qos_policy_id: policy }))['id'], ports);
    await created('/ports', 'port', { network_id: (await vlan(`own-${ports}`))['id'], qos_policy_id: policy });
    return policy;
  }

  async function ruleChanges(policy: string): Promise<number[]> {
    let rule: Dict = {};
    const create = await statements.of(
      async () => (rule = await created(`/qos/policies/${policy}/minimum_bandwidth_rules`, 'minimum_bandwidth_rule', { min_kbps: 10 })),
    );
    const rulePath = `/qos/policies/${policy}/minimum_bandwidth_rules/${String(rule['id'])}`;
    const update = await statements.of(async () => expect((await admin.put(rulePath, { minimum_bandwidth_rule: { min_kbps: 20 } })).status).toBe(200));
    const remove = await statements.of(async () => expect((await admin.delete(rulePath)).status).toBe(204));
    return [create, update, remove];
  }

  it('runs as many statements for a rule change on a policy reaching 2 ports as on one reaching 31', async () => {
    const few = await ruleChanges(await policyReaching(1));
    const many = await ruleChanges(await policyReaching(MANY));
    expect(many).toEqual(few);
  });

  it("runs as many statements to set a network's policy with 1 port as with 30", async () => {
    const policy = String((await created('/qos/policies', 'policy', { name: 'for-networks' }))['id']);
    await created(`/qos/policies/${policy}/dscp_marking_rules`, 'dscp_marking_rule', { dscp_mark: 16 });
    const attach = async (ports: number): Promise<number> => {
      const network = await vlan(`attach-${ports}`);
      await portsOn(network['id'], ports);
      return statements.of(async () =>
        expect((await admin.put(`/networks/${String(network['id'])}`, { network: { qos_policy_id: policy } })).status).toBe(200),
      );
    };
    expect(await attach(MANY)).toBe(await attach(1));
  });
});
