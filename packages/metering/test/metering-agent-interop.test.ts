import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { constants, silentLogger, topics } from '@net-server/lib';
import { getRpcTransport, RpcClient, Target, type Transport } from '@net-server/rpc';
import { rabbitDriver } from '@net-server/rpc-rabbit';
import type { ApiClient, TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, startMeteringServer, type Dict } from './helpers.js';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const AGENT = fileURLToPath(new URL('./interop/neutron_metering_agent.py', import.meta.url));
const LABELS = '/metering/metering-labels';
const RULES = '/metering/metering-label-rules';
const admin = { is_admin: true, roles: ['admin'], project_id: null, user_id: null };

/*
 * ML2 with the router and metering plugins on RabbitMQ (a vhost and control
 * exchange of this file's own), an L3 agent reporting from host net1, and
 * neutron's own MeteringAgent (python3-neutron) as the metering agent
 * beside it: it syncs through get_sync_data_metering on q-metering-plugin
 * and receives the casts on metering_agent.net1, where neutron's notifier
 * sends them once routers are scheduled to L3 agents.
 */
describe("the metering agent's RPC with neutron's MeteringAgent", () => {
  const vhost = `metering-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const exchange = `metering-${randomBytes(4).toString('hex')}`;
  const url = `rabbit://guest:guest@127.0.0.1:5672/${vhost}`;
  let server: TestServer;
  let api: ApiClient;
  let agents: Transport;
  let router: Dict;
  const agentArgs = (scenario: string, host: string, extra: string[] = []): string[] => [
    AGENT,
    '--url',
    url,
    '--exchange',
    exchange,
    '--host',
    host,
    '--scenario',
    scenario,
    ...extra,
  ];

  beforeAll(async () => {
    await run('rabbitmqctl', ['-q', 'add_vhost', vhost], { timeout: 30_000 });
    await run('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { timeout: 30_000 });
    server = await startMeteringServer('sqlite', {
      rpc: true,
      config: { DEFAULT: { transport_url: url, control_exchange: exchange, rpc_response_timeout: 20, host: 'metering-test-server' } },
    });
    api = server.client;
    agents = await getRpcTransport(
      { transport_url: url, control_exchange: exchange, rpc_response_timeout: 20 },
      { drivers: { rabbit: rabbitDriver }, logger: silentLogger },
    );
    const reports = new RpcClient(agents, new Target({ topic: topics.REPORTS, version: '1.2' }));
    await reports.call(admin, 'report_state', {
      agent_state: {
        agent_state: {
          agent_type: constants.AGENT_TYPE_L3,
          binary: constants.AGENT_PROCESS_L3,
          host: 'net1',
          topic: topics.L3_AGENT,
          configurations: { agent_mode: 'legacy' },
          start_flag: true,
        },
      },
      time: new Date().toISOString().replace('T', ' ').replace('Z', ''),
    });
    // Scheduled to the L3 agent on net1 as it is created.
    router = created(await api.as({ projectId: 'project-a', roles: ['member', 'reader'] }).post('/routers', { router: { name: 'metered' } }), 'router');
    const hosting = (await api.get(`/routers/${String(router['id'])}/l3-agents`)).body['agents'] as Dict[];
    expect(hosting.map((agent) => agent['host'])).toEqual(['net1']);
  }, 300_000);

  afterAll(async () => {
    await agents?.cleanup();
    await server?.stop();
    await run('rabbitmqctl', ['-q', 'delete_vhost', vhost], { timeout: 30_000 });
  }, 120_000);

  it('casts label and rule changes to the host of the L3 agent hosting the router, as neutron MeteringAgent takes them', async () => {
    const child = spawn(PYTHON, agentArgs('listen', 'net1', ['--casts', '4']), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines: Dict[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line) as Dict));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // The agent's first line (ready), or its exit, whose stderr the next expectation shows.
    await expect.poll(() => lines.length > 0 || child.exitCode !== null, { timeout: 60_000, interval: 20 }).toBe(true);
    expect(lines[0], stderr).toEqual({ ready: true, host: 'net1' });

    const label = created(await api.post(LABELS, { metering_label: { name: 'py-label', tenant_id: 'project-a' } }), 'metering_label');
    const rule = created(
      await api.post(RULES, { metering_label_rule: { metering_label_id: label['id'], direction: 'ingress', source_ip_prefix: '10.0.0.0/8' } }),
      'metering_label_rule',
    );
    expect((await api.delete(`${RULES}/${String(rule['id'])}`)).status).toBe(204);
    expect((await api.delete(`${LABELS}/${String(label['id'])}`)).status).toBe(204);
    expect(await exited, stderr).toBe(0);

    const routerFields = {
      id: router['id'],
      name: 'metered',
      project_id: 'project-a',
      admin_state_up: true,
      status: 'ACTIVE',
      gw_port_id: null,
      distributed: false,
    };
    const withLabel = [{ ...routerFields, _metering_labels: [{ id: label['id'], rules: [], shared: false, name: 'py-label' }] }];
    const withRule = [{ ...routerFields, _metering_labels: [{ id: label['id'], rule }] }];
    const result = lines.at(-1)!;
    expect(result['calls']).toEqual([
      { func: 'add_metering_label', routers: withLabel },
      { func: 'add_metering_label_rule', routers: withRule },
      { func: 'remove_metering_label_rule', routers: withRule },
      { func: 'remove_metering_label', routers: withLabel },
    ]);
    // add_metering_label stored the label in the agent; remove_metering_label forgot it.
    expect(result['labels']).toEqual([]);
  }, 180_000);

  it("answers get_sync_data_metering with the routers of the agent's host, and nothing for a host without an L3 agent", async () => {
    const label = created(await api.post(LABELS, { metering_label: { name: 'synced', tenant_id: 'project-a' } }), 'metering_label');
    const rule = created(
      await api.post(RULES, { metering_label_rule: { metering_label_id: label['id'], direction: 'egress', remote_ip_prefix: '0.0.0.0/0', excluded: true } }),
      'metering_label_rule',
    );
    const { stdout } = await run(PYTHON, agentArgs('sync', 'net1'), { timeout: 120_000 });
    const synced = JSON.parse(stdout.trim().split('\n').at(-1)!) as Dict;
    const routers = [
      {
        id: router['id'],
        name: 'metered',
        project_id: 'project-a',
        admin_state_up: true,
        status: 'ACTIVE',
        gw_port_id: null,
        distributed: false,
        _metering_labels: [{ id: label['id'], rules: [rule], shared: false, name: 'synced' }],
      },
    ];
    expect(synced).toEqual({ sync: routers, routers: [router['id']], labels: [label['id']], calls: [{ func: 'update_routers', routers }] });

    const elsewhere = JSON.parse((await run(PYTHON, agentArgs('sync', 'compute9'), { timeout: 120_000 })).stdout.trim().split('\n').at(-1)!) as Dict;
    expect(elsewhere).toEqual({ sync: null, routers: [], labels: [], calls: [] });
    expect((await api.delete(`${LABELS}/${String(label['id'])}`)).status).toBe(204);
  }, 180_000);
});
