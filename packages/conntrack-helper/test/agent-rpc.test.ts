import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ApiClient, TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, startHelperServer, tenantRouter, type Dict } from './helpers.js';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
// neutron's own L3 agent classes, as @net-server/port-forwarding's tests run them, here for ConntrackHelper objects.
const AGENT = fileURLToPath(new URL('../../port-forwarding/test/interop/neutron_pf_agent.py', import.meta.url));

describe("conntrack helpers and neutron's L3 agent classes over RabbitMQ", () => {
  const vhost = `cth-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const exchange = `cth-${randomBytes(4).toString('hex')}`;
  const url = `rabbit://guest:guest@127.0.0.1:5672/${vhost}`;
  let server: TestServer;
  let tenant: ApiClient;

  const agentArgs = (scenario: string, extra: string[]): string[] => [
    AGENT,
    '--url',
    url,
    '--exchange',
    exchange,
    '--scenario',
    scenario,
    '--resource',
    'ConntrackHelper',
    '--parent-filter',
    'router_id',
    ...extra,
  ];

  beforeAll(async () => {
    await run('rabbitmqctl', ['-q', 'add_vhost', vhost], { timeout: 30_000 });
    await run('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { timeout: 30_000 });
    server = await startHelperServer('sqlite', {
      rpc: true,
      config: { DEFAULT: { transport_url: url, control_exchange: exchange, rpc_response_timeout: 20, host: 'cth-test-server' } },
    });
    tenant = server.client.as({ projectId: 'tenant-a', roles: ['member'] });
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    await run('rabbitmqctl', ['-q', 'delete_vhost', vhost], { timeout: 30_000 });
  }, 120_000);

  it('pulls ConntrackHelper objects by id and by router, and receives the pushes', async () => {
    const router = await tenantRouter(server.client);
    const helpers = `/routers/${String(router['id'])}/conntrack_helpers`;
    const helper = created(await tenant.post(helpers, { conntrack_helper: { protocol: 'udp', port: 69, helper: 'tftp' } }), 'conntrack_helper');
    const view = { class: 'ConntrackHelper', id: helper['id'], router_id: router['id'], protocol: 'udp', port: 69, helper: 'tftp' };
    const { stdout } = await run(PYTHON, agentArgs('pull', ['--id', String(helper['id']), '--id', String(router['id'])]), { timeout: 120_000 });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ pulled: view, bulk: [helper['id']] });

    const child = spawn(PYTHON, agentArgs('listen', ['--pushes', '2']), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines: Dict[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line) as Dict));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await expect.poll(() => lines.length > 0 || child.exitCode !== null, { timeout: 60_000, interval: 20 }).toBe(true);
      expect(lines[0], stderr).toMatchObject({ ready: true, topic: 'neutron-vo-ConntrackHelper-1.0' });
      const id = String(helper['id']);
      expect((await tenant.put(`${helpers}/${id}`, { conntrack_helper: { port: 6969 } })).status).toBe(200);
      expect((await tenant.delete(`${helpers}/${id}`)).status).toBe(204);
      expect(await exited, stderr).toBe(0);
      // The agent's threading executor may dispatch the casts out of order.
      const pushed = (lines.at(-1)!['pushes'] as Dict[])
        .map((push) => [push['event_type'], push['resource_type'], push['forwarding']])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      expect(pushed).toEqual([
        ['deleted', 'ConntrackHelper', { ...view, port: 6969 }],
        ['updated', 'ConntrackHelper', { ...view, port: 6969 }],
      ]);
    } finally {
      if (child.exitCode === null) child.kill();
    }
  }, 240_000);
});
