import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { RpcServer, Transport } from '@net-server/rpc';
import { afterEach, describe, expect, it } from 'vitest';
import { brokerVhost } from './broker.js';
import { admin, ml2Plugin, projectContext } from './plugin-helpers.js';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./interop/neutron_agent.py', import.meta.url));
const broker = brokerVhost();
const servers: RpcServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    await server.stop();
    await server.wait();
  }
});

/** Runs neutron's agent-side RPC classes (Debian's python3-neutron) against the server. */
async function neutronAgent(transport: Transport, scenario: string, extra: string[] = []): Promise<Record<string, unknown>> {
  const { stdout } = await run(
    PYTHON,
    [SCRIPT, '--url', broker.url, '--exchange', transport.controlExchange, '--host', 'py-host', '--scenario', scenario, ...extra],
    { timeout: 120_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

describe("neutron's own agent RPC clients", () => {
  it('register agents, fetch device details and security groups, report devices up and sync tunnels', async () => {
    const transport = await broker.transport();
    const { plugin } = await ml2Plugin({}, undefined, transport);
    servers.push(...(await plugin.startRpcListeners()), ...(await plugin.startRpcStateReportsListener()));

    expect(await neutronAgent(transport, 'register')).toEqual({ ovs: 'new', dhcp: 'new', ovs_again: 'alive' });
    const agents = await plugin.getAgents(admin);
    expect(agents.map((a) => `${String(a['agent_type'])}@${String(a['host'])}:${String(a['alive'])}`).sort()).toEqual([
      'DHCP agent@py-host:true',
      'Open vSwitch agent@py-host:true',
    ]);

    const network = await plugin.createNetwork(projectContext, { name: 'py' });
    const subnet = await plugin.createSubnet(projectContext, { network_id: network.id, cidr: '10.9.0.0/24', ip_version: 4 });
    const port = await plugin.createPort(admin, { network_id: network.id, 'binding:host_id': 'py-host', device_owner: 'compute:nova', device_id: 'vm' });
    expect(port['binding:vif_type']).toBe('ovs');

    const ip = (port.fixed_ips[0] as { ip_address: string }).ip_address;
    const out = await neutronAgent(transport, 'devices', ['--device', port.id, '--ip', ip, '--network', network.id]);
    expect(out['details']).toEqual([
      expect.objectContaining({ device: port.id, port_id: port.id, network_id: network.id, network_type: 'vxlan', segmentation_id: network['provider:segmentation_id'], mtu: 1450 }),
    ]);
    expect(out['details_and_failed']).toMatchObject({ devices: [{ device: port.id }], failed_devices: [] });
    expect(out['device_list']).toEqual({ devices_up: [port.id], failed_devices_up: [], devices_down: [], failed_devices_down: [] });
    expect(out['sg_devices']).toEqual({ [port.id]: port['security_groups'] });
    expect(out['sg_groups']).toEqual(port['security_groups']);
    const [group] = port['security_groups'] as string[];
    expect(out['sg_member_cidrs']).toEqual({ [group!]: { IPv4: [`${ip}/32`], IPv6: [] } });
    expect(out['metadata_ports']).toEqual([port.id]);
    expect(out['tunnels']).toEqual({ tunnels: [{ ip_address: '192.0.2.50', host: 'py-host', udp_port: 4789 }] });
    expect(out['dhcp_networks']).toEqual([{ id: network.id, subnets: [subnet.id], ports: [port.id] }]);
    expect((await plugin.getPort(admin, port.id)).status).toBe('ACTIVE');
  }, 240_000);
});
