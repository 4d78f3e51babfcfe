import { fileURLToPath } from 'node:url';
import { constants, getAdminContext } from '@net-server/lib';
import { afterEach, describe, expect, it } from 'vitest';
import { BINDING_EXTENDED, ml2View, type Ml2Plugin } from '@net-server/ml2';
import type { Database } from 'net-server';
import { request, startApi, type RunningApi } from '../../net-server/test/api/api-harness.js';
import { createTestDatabase } from '../../net-server/test/postgres.js';
import { holdPlugin } from './held-plugin.js';
import { ml2Plugin, type Notification } from './plugin-helpers.js';

const HELD_PLUGIN = `${fileURLToPath(new URL('./held-plugin.ts', import.meta.url))}:heldPlugin`;

const ovsAgent = (host: string, ip: string) => ({
  agent_type: constants.AGENT_TYPE_OVS,
  binary: 'neutron-openvswitch-agent',
  host,
  topic: 'N/A',
  configurations: { bridge_mappings: {}, tunnel_types: ['vxlan'], tunneling_ip: ip },
});

const admin = { project: 'p1', roles: 'admin' };
const member = { project: 'p1', roles: 'member' };

let running: RunningApi | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** ML2 with OVS agents on source and target, served over the REST API, its agent casts recorded. */
async function served(url?: string): Promise<{ plugin: Ml2Plugin; notifications: Notification[]; database: Database; api: string }> {
  const { plugin, notifications, database } = await ml2Plugin({}, undefined, undefined, url ? { url } : {});
  await plugin.reportAgentState(ovsAgent('source', '192.0.2.1'));
  await plugin.reportAgentState(ovsAgent('target', '192.0.2.2'));
  holdPlugin(plugin);
  running = await startApi({ corePlugin: HELD_PLUGIN, extensions: [BINDING_EXTENDED] });
  return { plugin, notifications, database, api: `${running.url}/v2.0` };
}

async function computePort(api: string): Promise<{ id: string; network_id: string }> {
  const network = (await request(api, 'POST', '/networks', { ...member, body: { network: { name: 'n' } } })).body.network;
  const port = await request(api, 'POST', '/ports', {
    ...admin,
    body: { port: { network_id: network.id, device_owner: 'compute:nova', device_id: 'vm1', 'binding:host_id': 'source' } },
  });
  expect(port.status, JSON.stringify(port.body)).toBe(201);
  expect(port.body.port['binding:vif_type']).toBe('ovs');
  return port.body.port;
}

for (const [engine, url] of [
  ['SQLite', async () => undefined],
  ['PostgreSQL', () => createTestDatabase()],
] as const) {
  describe(`binding-extended over the REST API (${engine})`, () => {
    it('binds a compute port INACTIVE to the target host, activates it (casts to the agents) and deletes the source binding', async () => {
      const { plugin, notifications, database, api } = await served(await url());
      expect((await request(api, 'GET', '/extensions/binding-extended')).status).toBe(200);
      const port = await computePort(api);
      const bindings = `/ports/${port.id}/bindings`;

      const listed = await request(api, 'GET', bindings, admin);
      expect(listed.status).toBe(200);
      expect(listed.body.bindings).toEqual([
        { host: 'source', vif_type: 'ovs', vnic_type: 'normal', status: 'ACTIVE', profile: {}, vif_details: expect.objectContaining({ port_filter: true }) },
      ]);

      const created = await request(api, 'POST', bindings, { ...admin, body: { binding: { host: 'target', profile: { migrating_to: 'target' } } } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.binding).toMatchObject({
        host: 'target',
        vif_type: 'ovs',
        vnic_type: 'normal',
        status: 'INACTIVE',
        profile: { migrating_to: 'target' },
      });
      // The port is still the source's.
      expect((await request(api, 'GET', `/ports/${port.id}`, admin)).body.port).toMatchObject({ 'binding:host_id': 'source', 'binding:vif_type': 'ovs' });
      expect((await request(api, 'GET', `${bindings}/target`, admin)).body.binding).toMatchObject({ host: 'target', status: 'INACTIVE' });
      const again = await request(api, 'POST', bindings, { ...admin, body: { binding: { host: 'target' } } });
      expect(again).toMatchObject({ status: 409, body: { NeutronError: { type: 'PortBindingAlreadyExists' } } });
      // The agents still wire the port on the source: its details name the source binding's segment.
      const details = await plugin.getBoundPorts(getAdminContext(), [port.id]);
      expect(details.get(port.id)?.port['binding:host_id']).toBe('source');
      expect(details.get(port.id)?.bottomSegment?.network_type).toBe('vxlan');

      const before = notifications.length;
      const activated = await request(api, 'PUT', `${bindings}/target/activate`, admin);
      expect(activated.status, JSON.stringify(activated.body)).toBe(200);
      expect(activated.body).toMatchObject({ host: 'target', status: 'ACTIVE', vif_type: 'ovs', profile: { migrating_to: 'target' } });
      expect((await request(api, 'GET', `/ports/${port.id}`, admin)).body.port).toMatchObject({
        'binding:host_id': 'target',
        'binding:vif_type': 'ovs',
        'binding:profile': { migrating_to: 'target' },
        status: 'DOWN',
      });
      expect((await request(api, 'GET', bindings, admin)).body.bindings).toEqual([
        { host: 'source', vif_type: 'unbound', vnic_type: 'normal', status: 'INACTIVE', profile: {}, vif_details: {} },
        expect.objectContaining({ host: 'target', status: 'ACTIVE', vif_type: 'ovs' }),
      ]);
      const casts = notifications
        .slice(before)
        .filter((n) => n.topic.startsWith('q-agent-notifier-port-update') || n.topic.startsWith('q-agent-notifier-binding'));
      expect(casts).toEqual([
        {
          topic: 'q-agent-notifier-port-update',
          method: 'port_update',
          args: expect.objectContaining({ port: expect.objectContaining({ id: port.id, 'binding:host_id': 'target' }), network_type: 'vxlan' }),
        },
        { topic: 'q-agent-notifier-binding-deactivate', method: 'binding_deactivate', args: { port_id: port.id, host: 'source', network_id: port.network_id } },
        { topic: 'q-agent-notifier-binding-activate', method: 'binding_activate', args: { port_id: port.id, host: 'target' } },
      ]);
      // Only the active binding's levels remain.
      const levels = await ml2View(database.db).selectFrom('ml2_port_binding_levels').select('host').where('port_id', '=', port.id).execute();
      expect(levels.map((level) => level.host)).toEqual(['target']);

      const twice = await request(api, 'PUT', `${bindings}/target/activate`, admin);
      expect(twice).toMatchObject({ status: 409, body: { NeutronError: { type: 'PortBindingAlreadyActive' } } });
      expect((await request(api, 'GET', `${bindings}/target/deactivate`, admin)).status).toBe(404);
      expect((await request(api, 'DELETE', `${bindings}/source`, admin)).status).toBe(204);
      expect(await request(api, 'GET', `${bindings}/source`, admin)).toMatchObject({ status: 404, body: { NeutronError: { type: 'PortBindingNotFound' } } });
      expect(await request(api, 'DELETE', `${bindings}/source`, admin)).toMatchObject({ status: 404, body: { NeutronError: { type: 'PortBindingNotFound' } } });
      expect(await request(api, 'PUT', `${bindings}/source/activate`, admin)).toMatchObject({
        status: 404,
        body: { NeutronError: { type: 'PortBindingNotFound' } },
      });
      expect((await request(api, 'GET', bindings, admin)).body.bindings.map((b: { host: string }) => b.host)).toEqual(['target']);
    });

    it('refuses what neutron refuses: other ports than compute ports, a host no driver can bind, a bad body, a port the caller cannot see', async () => {
      const { api } = await served(await url());
      const port = await computePort(api);
      const bindings = `/ports/${port.id}/bindings`;
      const network = (await request(api, 'POST', '/networks', { ...member, body: { network: { name: 'other' } } })).body.network;
      const plain = (await request(api, 'POST', '/ports', { ...member, body: { port: { network_id: network.id } } })).body.port;
      expect(await request(api, 'GET', `/ports/${plain.id}/bindings`, admin)).toMatchObject({ status: 400, body: { NeutronError: { type: 'BadRequest' } } });
      // No agent on that host: no driver binds it, and nothing is kept.
      const failed = await request(api, 'POST', bindings, { ...admin, body: { binding: { host: 'nowhere' } } });
      expect(failed).toMatchObject({ status: 500, body: { NeutronError: { type: 'PortBindingError' } } });
      expect((await request(api, 'GET', bindings, admin)).body.bindings.map((b: { host: string }) => b.host)).toEqual(['source']);
      expect((await request(api, 'POST', bindings, { ...admin, body: { binding: {} } })).status).toBe(400);
      expect((await request(api, 'POST', bindings, { ...admin, body: { binding: { host: 'target', vnic_type: 'warp' } } })).status).toBe(400);
      expect((await request(api, 'GET', `/ports/${port.id}/bindings`, { project: 'p2', roles: 'member' })).status).toBe(404);
      expect((await request(api, 'GET', '/ports/00000000-0000-0000-0000-000000000000/bindings', admin)).status).toBe(404);
    });
  });
}
