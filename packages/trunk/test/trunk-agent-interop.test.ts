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
import { created, failure, networkWithPorts, ok, startTrunkServer, type Dict } from './helpers.js';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const AGENT = fileURLToPath(new URL('./interop/neutron_trunk_agent.py', import.meta.url));
const HOST = 'compute1';
const admin = { is_admin: true, roles: ['admin'], project_id: null, user_id: null };

/*
 * ML2 (openvswitch) with the trunk plugin on RabbitMQ (a vhost and control
 * exchange of this file's own), an Open vSwitch agent reporting from
 * compute1, and neutron's own agent-side trunk RPC (python3-neutron's
 * TrunkSkeleton and TrunkStub) as the trunk agent: it hears the Trunk and
 * SubPort pushes, pulls a parent port's trunk, has its subports bound and
 * reports the trunk's status, as the Open vSwitch agent's trunk handler
 * does when a VM with a trunk boots.
 */
describe("the trunk agents' RPC with neutron's TrunkSkeleton and TrunkStub", () => {
  const vhost = `trunk-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const exchange = `trunk-${randomBytes(4).toString('hex')}`;
  const url = `rabbit://guest:guest@127.0.0.1:5672/${vhost}`;
  let server: TestServer;
  let api: ApiClient;
  let agents: Transport;
  const agentArgs = (scenario: string, extra: string[] = []): string[] => [AGENT, '--url', url, '--exchange', exchange, '--scenario', scenario, ...extra];
  const bind = (portId: unknown, host: string) => api.put(`/ports/${String(portId)}`, { port: { [constants.HOST_ID]: host } });

  beforeAll(async () => {
    await run('rabbitmqctl', ['-q', 'add_vhost', vhost], { timeout: 30_000 });
    await run('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { timeout: 30_000 });
    server = await startTrunkServer('sqlite', {
      rpc: true,
      // The agent reports once: it stays alive for the whole file however slowly the machine runs it.
      config: { DEFAULT: { transport_url: url, control_exchange: exchange, rpc_response_timeout: 20, host: 'trunk-test-server', agent_down_time: 3600 } },
    });
    api = server.client;
    agents = await getRpcTransport(
      { transport_url: url, control_exchange: exchange, rpc_response_timeout: 20 },
      { drivers: { rabbit: rabbitDriver }, logger: silentLogger },
    );
    await new RpcClient(agents, new Target({ topic: topics.REPORTS, version: '1.2' })).call(admin, 'report_state', {
      agent_state: {
        agent_state: {
          agent_type: constants.AGENT_TYPE_OVS,
          binary: 'neutron-openvswitch-agent',
          host: HOST,
          topic: 'N/A',
          start_flag: true,
          configurations: { bridge_mappings: {}, tunnel_types: ['vxlan'], tunneling_ip: '192.0.2.11' },
        },
      },
      time: new Date().toISOString().replace('T', ' ').replace('Z', ''),
    });
  }, 300_000);

  afterAll(async () => {
    await agents?.cleanup();
    await server?.stop();
    await run('rabbitmqctl', ['-q', 'delete_vhost', vhost], { timeout: 30_000 });
  }, 120_000);

  it('pushes created and deleted trunks and subports, as TrunkSkeleton receives them', async () => {
    const child = spawn(PYTHON, agentArgs('listen', ['--events', '4']), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines: Dict[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line) as Dict));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const { ports } = await networkWithPorts(api, 3);
    const [parent, sub1, sub2] = ports.map((port) => String(port['id']));
    let trunk: Dict;
    try {
      // The agent's first line (ready), or its exit, whose stderr the next expectation shows.
      await expect.poll(() => lines.length > 0 || child.exitCode !== null, { timeout: 60_000, interval: 20 }).toBe(true);
      expect(lines[0], stderr).toEqual({ ready: true });
      trunk = created(
        await api.post('/trunks', {
          trunk: { name: 'pushed', port_id: parent, sub_ports: [{ port_id: sub1, segmentation_type: 'vlan', segmentation_id: 10 }] },
        }),
        'trunk',
      );
      const id = String(trunk['id']);
      ok(await api.put(`/trunks/${id}/add_subports`, { sub_ports: [{ port_id: sub2, segmentation_type: 'vlan', segmentation_id: 20 }] }));
      ok(await api.put(`/trunks/${id}/remove_subports`, { sub_ports: [{ port_id: sub2 }] }));
      expect((await api.delete(`/trunks/${id}`)).status).toBe(204);
      expect(await exited, stderr).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    const id = String(trunk['id']);
    const subport = (port: string, segmentation: number): Dict => ({ port_id: port, trunk_id: id, segmentation_type: 'vlan', segmentation_id: segmentation });
    const trunkObject = (status: string, revision: number): Dict => ({
      id,
      name: 'pushed',
      project_id: 'testkit-project',
      port_id: parent,
      admin_state_up: true,
      status,
      sub_ports: [
        {
          'versioned_object.name': 'SubPort',
          'versioned_object.namespace': 'versionedobjects',
          'versioned_object.version': '1.0',
          'versioned_object.data': subport(sub1!, 10),
        },
      ],
      description: '',
      created_at: trunk['created_at'],
      updated_at: expect.any(String),
      revision_number: revision,
    });
    expect(lines.at(-1)!['events']).toEqual([
      { type: 'Trunk', event: 'created', objects: [trunkObject('DOWN', 0)] },
      { type: 'SubPort', event: 'created', objects: [subport(sub2!, 20)] },
      { type: 'SubPort', event: 'deleted', objects: [subport(sub2!, 20)] },
      { type: 'Trunk', event: 'deleted', objects: [trunkObject('DOWN', 0)] },
    ]);
  }, 180_000);

  it("gives the agent the trunk of a parent port, binds its subports to the parent's host and takes its status", async () => {
    const { ports } = await networkWithPorts(api, 3);
    const [parent, sub1, sub2] = ports.map((port) => String(port['id']));
    const trunk = created(
      await api.post('/trunks', {
        trunk: {
          port_id: parent,
          sub_ports: [
            { port_id: sub1, segmentation_type: 'vlan', segmentation_id: 11 },
            { port_id: sub2, segmentation_type: 'vlan', segmentation_id: 12 },
          ],
        },
      }),
      'trunk',
    );
    const id = String(trunk['id']);
    // Nova binds the parent port when the VM boots on compute1, and plugs it into the trunk's bridge.
    const boundParent = ok(await bind(parent, HOST), 'port');
    expect(boundParent[constants.VIF_TYPE]).toBe('ovs');
    expect(boundParent[constants.VIF_DETAILS]).toMatchObject({ bridge_name: `tbr-${id.slice(0, 10)}`, port_filter: true });
    expect(ok(await api.get(`/ports/${parent!}`), 'port')[constants.VIF_DETAILS]).toMatchObject({ bridge_name: `tbr-${id.slice(0, 10)}` });

    const { stdout } = await run(PYTHON, agentArgs('wire', ['--parent-port', parent!, '--status', 'ACTIVE']), { timeout: 120_000 });
    const [pulled, bindings, status] = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Dict);
    expect(pulled).toEqual({
      trunk: {
        id,
        port_id: parent,
        project_id: 'testkit-project',
        name: '',
        status: 'DOWN',
        admin_state_up: true,
        revision_number: 0,
        sub_ports: [
          { port_id: sub1, trunk_id: id, segmentation_type: 'vlan', segmentation_id: 11 },
          { port_id: sub2, trunk_id: id, segmentation_type: 'vlan', segmentation_id: 12 },
        ],
      },
    });
    const bound = (port: Dict): Dict => ({ id: port['id'], host: HOST, device_owner: 'trunk:subport', vif_type: 'ovs', mac_address: port['mac_address'] });
    expect(bindings).toEqual({ bindings: { [id]: [bound(ports[1]!), bound(ports[2]!)] } });
    expect(status).toEqual({ status: null });
    expect(ok(await api.get(`/trunks/${id}`), 'trunk')['status']).toBe('ACTIVE');
    expect(ok(await api.get(`/ports/${sub1}`), 'port')).toMatchObject({ device_owner: 'trunk:subport', [constants.HOST_ID]: HOST });

    // Open vSwitch does not unwire a trunk from a bound parent; once Nova unbinds it, the trunk is DOWN and goes.
    expect(failure(await api.delete(`/trunks/${id}`), 409, 'TrunkInUse')).toBe(`Trunk ${id} is currently in use.`);
    ok(await bind(parent, ''));
    expect(ok(await api.get(`/trunks/${id}`), 'trunk')['status']).toBe('DOWN');
    expect((await api.delete(`/trunks/${id}`)).status).toBe(204);
  }, 180_000);

  it('puts a trunk whose subport cannot be bound in ERROR, which takes no more subports', async () => {
    const {
      ports: [parent, spare],
    } = await networkWithPorts(api, 2);
    // compute1's agent has no bridge for physnet1: a VLAN network's port cannot be bound there (its MTU kept below the parent's).
    const {
      ports: [onVlan],
    } = await networkWithPorts(api, 1, {
      'provider:network_type': 'vlan',
      'provider:physical_network': 'physnet1',
      'provider:segmentation_id': 170,
      mtu: 1400,
    });
    const trunk = created(
      await api.post('/trunks', { trunk: { port_id: parent!['id'], sub_ports: [{ port_id: onVlan!['id'], segmentation_type: 'vlan', segmentation_id: 5 }] } }),
      'trunk',
    );
    const id = String(trunk['id']);
    ok(await bind(parent!['id'], HOST));
    const skeleton = new RpcClient(agents, new Target({ topic: 'trunk', namespace: 'trunk', version: '1.0' }));
    expect(
      await skeleton.call(admin, 'update_subport_bindings', {
        subports: [{ trunk_id: id, port_id: onVlan!['id'], segmentation_type: 'vlan', segmentation_id: 5 }],
      }),
    ).toEqual({ [id]: [] });
    expect(ok(await api.get(`/trunks/${id}`), 'trunk')['status']).toBe('ERROR');
    const add = { sub_ports: [{ port_id: spare!['id'], segmentation_type: 'vlan', segmentation_id: 6 }] };
    expect(failure(await api.put(`/trunks/${id}/add_subports`, add), 409, 'TrunkInErrorState')).toBe(
      `Trunk ${id} is in error state. Attempt to resolve the error condition before proceeding.`,
    );
    // A trunk deleted meanwhile: the report changes nothing.
    expect(await skeleton.call(admin, 'update_trunk_status', { trunk_id: '6c8e4b2a-0f1d-4e5c-9a7b-3d2e1f0a9b8c', status: 'ACTIVE' })).toBeNull();
    ok(await bind(parent!['id'], ''));
    expect((await api.delete(`/trunks/${id}`)).status).toBe(204);
  }, 180_000);
});
