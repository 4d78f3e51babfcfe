import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { constants, silentLogger, topics } from '@net-server/lib';
import { getRpcTransport, RpcClient, Target, type Transport } from '@net-server/rpc';
import { rabbitDriver } from '@net-server/rpc-rabbit';
import type { TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressOf, buildTopology, created, forwardingServerOptions, ok, startForwardingServer, type Dict, type Topology } from './helpers.js';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const AGENT = fileURLToPath(new URL('./interop/neutron_pf_agent.py', import.meta.url));
const L3_HOST = 'pf-l3-host';
const admin = { is_admin: true, roles: ['admin'], project_id: null, user_id: null };

/*
 * A server with ML2 and service_plugins = router,port_forwarding on
 * RabbitMQ (a vhost and control exchange of this file's own), one L3 agent
 * reported on pf-l3-host, and neutron's own L3 agent classes in Python:
 * its router sync, the PortForwarding pulls of its port_forwarding
 * extension, and the pushes it consumes.
 */
describe('port forwardings and L3 agents over RabbitMQ', () => {
  const vhost = `pf-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const exchange = `pf-${randomBytes(4).toString('hex')}`;
  const url = `rabbit://guest:guest@127.0.0.1:5672/${vhost}`;
  let server: TestServer;
  let agent: Transport;
  let net: Topology;

  const agentArgs = (scenario: string, extra: string[]): string[] => [AGENT, '--url', url, '--exchange', exchange, '--scenario', scenario, ...extra];
  const forward = async (fip: Dict, vm: Dict, body: Dict): Promise<Dict> =>
    created(
      await net.tenant.post(`/floatingips/${String(fip['id'])}/port_forwardings`, {
        port_forwarding: { protocol: 'tcp', internal_port_id: vm['id'], internal_ip_address: addressOf(vm), ...body },
      }),
      'port_forwarding',
    );

  beforeAll(async () => {
    await run('rabbitmqctl', ['-q', 'add_vhost', vhost], { timeout: 30_000 });
    await run('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { timeout: 30_000 });
    const base = forwardingServerOptions('sqlite');
    server = await startForwardingServer('sqlite', {
      rpc: true,
      config: { ...base.config, DEFAULT: { transport_url: url, control_exchange: exchange, rpc_response_timeout: 20, host: 'pf-test-server' } },
    });
    agent = await getRpcTransport(
      { transport_url: url, control_exchange: exchange, rpc_response_timeout: 20 },
      { drivers: { rabbit: rabbitDriver }, logger: silentLogger },
    );
    const reports = new RpcClient(agent, new Target({ topic: topics.REPORTS, version: '1.2' }));
    await reports.call(admin, 'report_state', {
      agent_state: {
        agent_state: {
          agent_type: constants.AGENT_TYPE_L3,
          binary: constants.AGENT_PROCESS_L3,
          host: L3_HOST,
          topic: topics.L3_AGENT,
          configurations: { agent_mode: 'legacy' },
          start_flag: true,
        },
      },
      time: new Date().toISOString().replace('T', ' ').replace('Z', ''),
    });
    net = await buildTopology(server);
  }, 300_000);

  afterAll(async () => {
    await agent?.cleanup();
    await server?.stop();
    await run('rabbitmqctl', ['-q', 'delete_vhost', vhost], { timeout: 30_000 });
  }, 120_000);

  it('syncs a router with its forwarding floating IPs, and pulls PortForwarding objects by id and by floating IP', async () => {
    const vm = await net.port();
    const fip = await net.floatingIp();
    const single = await forward(fip, vm, { internal_port: 22, external_port: 2222, description: 'ssh' });
    const range = await forward(fip, vm, { internal_port_range: '8000:8002', external_port_range: '9000:9002' });
    const address = String(fip['floating_ip_address']);
    const synced = await run(PYTHON, agentArgs('sync', ['--id', net.routerId]), { timeout: 120_000 });
    expect(JSON.parse(synced.stdout.trim().split('\n').at(-1)!)).toEqual({
      routers: [{ id: net.routerId, fip_managed_by_port_forwardings: [fip['id']], port_forwardings_fip_set: [`${address}/32`], _pf_floatingips: [fip['id']] }],
    });
    const { stdout } = await run(PYTHON, agentArgs('pull', ['--id', String(single['id']), '--id', String(fip['id'])]), { timeout: 120_000 });
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as Dict;
    expect(out['pulled']).toEqual({
      class: 'PortForwarding',
      id: single['id'],
      floatingip_id: fip['id'],
      protocol: 'tcp',
      internal_port_id: vm['id'],
      internal_ip_address: addressOf(vm),
      floating_ip_address: address,
      router_id: net.routerId,
      external_port: 2222,
      internal_port: 22,
      external_port_range: '2222:2222',
      internal_port_range: '22:22',
      description: 'ssh',
      unrolled: [[2222, 22]],
    });
    expect(out['bulk']).toEqual([String(single['id']), String(range['id'])].sort());
  }, 240_000);

  it('pushes created, updated and deleted forwardings to the agents as neutron PortForwarding objects', async () => {
    const vm = await net.port();
    const fip = await net.floatingIp();
    const child = spawn(PYTHON, agentArgs('listen', ['--pushes', '3']), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines: Dict[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line) as Dict));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await expect.poll(() => lines.length > 0 || child.exitCode !== null, { timeout: 60_000, interval: 20 }).toBe(true);
      expect(lines[0], stderr).toMatchObject({ ready: true, topic: 'neutron-vo-PortForwarding-1.3' });
      const pf = await forward(fip, vm, { internal_port_range: '80', external_port_range: '8080:8081' });
      const id = String(pf['id']);
      const path = `/floatingips/${String(fip['id'])}/port_forwardings/${id}`;
      ok(await net.tenant.put(path, { port_forwarding: { description: 'web' } }), 'port_forwarding');
      expect((await net.tenant.delete(path)).status).toBe(204);
      expect(await exited, stderr).toBe(0);
      // The agent's threading executor may dispatch the three casts out of order.
      const order = ['created', 'updated', 'deleted'];
      const pushed = (lines.at(-1)!['pushes'] as Dict[])
        .filter((push) => (push['forwarding'] as Dict)['id'] === id)
        .sort((a, b) => order.indexOf(String(a['event_type'])) - order.indexOf(String(b['event_type'])));
      const expected = (event: string, description: string) => ({
        event_type: event,
        resource_type: 'PortForwarding',
        forwarding: expect.objectContaining({
          class: 'PortForwarding',
          id,
          router_id: net.routerId,
          internal_port: 80,
          external_port_range: '8080:8081',
          description,
          unrolled: [
            [8080, 80],
            [8081, 80],
          ],
        }),
      });
      expect(pushed).toEqual([expected('created', ''), expected('updated', 'web'), expected('deleted', 'web')]);
    } finally {
      if (child.exitCode === null) child.kill();
    }
  }, 240_000);
});
