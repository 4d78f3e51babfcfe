import type { ApiClient, TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, failure, networkWithPorts, ok, startTrunkServer, type Dict } from './helpers.js';

const vlan = (port: Dict, id: unknown): Dict => ({ port_id: port['id'], segmentation_type: 'vlan', segmentation_id: id });

/*
 * neutron's checks on trunks and their subports (rules.py's
 * TrunkPortValidator and SubPortsValidator, neutron_lib's validate_subports,
 * the plugin's state rules and its port deletion rules), with neutron's
 * error types and messages.
 */
describe('trunk validation and errors', () => {
  let server: TestServer;
  let api: ApiClient;
  let ports: Dict[];
  let trunk: Dict;
  let trunkId: string;

  beforeAll(async () => {
    server = await startTrunkServer('sqlite');
    api = server.client;
    ({ ports } = await networkWithPorts(api, 6));
    trunk = created(await api.post('/trunks', { trunk: { port_id: ports[0]!['id'], sub_ports: [vlan(ports[1]!, 100)] } }), 'trunk');
    trunkId = String(trunk['id']);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  const add = (subports: unknown, id = trunkId) => api.put(`/trunks/${id}/add_subports`, { sub_ports: subports });

  it('refuses a parent port that is a trunk parent or a subport already, or the trunk itself as a subport', async () => {
    const parentUsed = failure(await api.post('/trunks', { trunk: { port_id: ports[0]!['id'] } }), 409, 'ParentPortInUse');
    expect(parentUsed).toBe(`Port ${String(ports[0]!['id'])} is currently in use and is not eligible for use as a parent port.`);
    expect(failure(await api.post('/trunks', { trunk: { port_id: ports[1]!['id'] } }), 409, 'TrunkPortInUse')).toBe(
      `Port ${String(ports[1]!['id'])} is in use by another trunk.`,
    );
    failure(await api.post('/trunks', { trunk: { port_id: ports[2]!['id'], sub_ports: [vlan(ports[2]!, 5)] } }), 409, 'ParentPortInUse');
    failure(await add([vlan(ports[0]!, 5)]), 409, 'ParentPortInUse');
    failure(await add([vlan(ports[1]!, 5)]), 409, 'TrunkPortInUse');
    failure(await api.post('/trunks', { trunk: { port_id: '6c8e4b2a-0f1d-4e5c-9a7b-3d2e1f0a9b8c' } }), 404, 'PortNotFound');
  });

  it('checks segmentation types and VLAN ids 1-4094', async () => {
    for (const id of [0, 4095, -1]) {
      expect(failure(await add([vlan(ports[2]!, id)]), 400, 'InvalidInput')).toBe(`Invalid input for operation: Segmentation ID '${id}' is not in range.`);
    }
    expect(failure(await add([vlan(ports[2]!, 'abc')]), 400, 'InvalidInput')).toBe(
      "Invalid input for operation: Invalid subport details: segmentation_id 'abc' is not an integer.",
    );
    expect(failure(await add([{ port_id: ports[2]!['id'], segmentation_type: 'vxlan', segmentation_id: 5 }]), 400, 'InvalidInput')).toBe(
      "Invalid input for operation: Unknown segmentation_type 'vxlan'.",
    );
    expect(failure(await add([{ port_id: ports[2]!['id'] }]), 400, 'InvalidInput')).toBe(
      `Invalid input for operation: Invalid subport details '{'port_id': '${String(ports[2]!['id'])}'}': missing segmentation information. Must specify both segmentation_id and segmentation_type.`,
    );
    for (const id of [1, 4094]) {
      const added = ok(await add([vlan(ports[2]!, id)]));
      expect(added['sub_ports']).toContainEqual({ port_id: ports[2]!['id'], segmentation_type: 'vlan', segmentation_id: id });
      expect((await api.put(`/trunks/${trunkId}/remove_subports`, { sub_ports: [{ port_id: ports[2]!['id'] }] })).status).toBe(200);
    }
  });

  it('refuses duplicate segmentation ids and ports, in a request and on the trunk', async () => {
    const message = failure(
      await api.post('/trunks', { trunk: { port_id: ports[3]!['id'], sub_ports: [vlan(ports[4]!, 9), vlan(ports[5]!, 9)] } }),
      400,
      'HTTPBadRequest',
    );
    expect(message).toBe(`Invalid input for sub_ports. Reason: Segmentation ID '9' for '${String(ports[5]!['id'])}' is not unique.`);
    expect(failure(await add([vlan(ports[4]!, 9), vlan(ports[4]!, 10)]), 400, 'InvalidInput')).toBe(
      `Invalid input for operation: Non unique UUID for subport: '${String(ports[4]!['id'])}'.`,
    );
    expect(failure(await add([vlan(ports[4]!, 100)]), 409, 'DuplicateSubPort')).toBe(
      `segmentation_type vlan and segmentation_id 100 already in use on trunk ${trunkId}.`,
    );
    expect(failure(await add('nope'), 400, 'InvalidInput')).toBe("Invalid input for operation: Invalid data format for subports: 'nope' is not a list.");
    expect(failure(await add([{ port_id: 'x', segmentation_type: 'vlan', segmentation_id: 3 }]), 400, 'InvalidInput')).toBe(
      "Invalid input for operation: Invalid UUID for subport: 'x'.",
    );
    // Nothing was added meanwhile.
    expect(ok(await api.get(`/trunks/${trunkId}/get_subports`))).toEqual({
      sub_ports: [{ port_id: ports[1]!['id'], segmentation_type: 'vlan', segmentation_id: 100 }],
    });
  });

  it('refuses a subport with a device, and one that is not on the trunk when removing', async () => {
    const {
      ports: [busy],
    } = await networkWithPorts(api, 1);
    await api.put(`/ports/${String(busy!['id'])}`, { port: { device_id: 'vm-1', device_owner: 'compute:nova' } });
    expect(failure(await add([vlan(busy!, 20)]), 409, 'PortInUse')).toMatch(/Port already has an attached device vm-1\.$/);
    expect(failure(await api.put(`/trunks/${trunkId}/remove_subports`, { sub_ports: [{ port_id: ports[4]!['id'] }] }), 404, 'SubPortNotFound')).toBe(
      `SubPort ${String(ports[4]!['id'])} on trunk ${trunkId} could not be found.`,
    );
    failure(await api.put('/trunks/6c8e4b2a-0f1d-4e5c-9a7b-3d2e1f0a9b8c/add_subports', { sub_ports: [] }), 404, 'TrunkNotFound');
  });

  it('changes no subports of a disabled trunk and does not delete it (TrunkDisabled), but updates it', async () => {
    const {
      ports: [parent, sub],
    } = await networkWithPorts(api, 2);
    const disabled = created(await api.post('/trunks', { trunk: { port_id: parent!['id'], admin_state_up: false } }), 'trunk');
    const id = String(disabled['id']);
    expect(failure(await add([vlan(sub!, 30)], id), 409, 'TrunkDisabled')).toBe(`Trunk ${id} is currently disabled.`);
    failure(await api.put(`/trunks/${id}/remove_subports`, { sub_ports: [{ port_id: sub!['id'] }] }), 409, 'TrunkDisabled');
    failure(await api.delete(`/trunks/${id}`), 409, 'TrunkDisabled');
    expect(ok(await api.put(`/trunks/${id}`, { trunk: { name: 'renamed' } }), 'trunk')['name']).toBe('renamed');
    expect((await api.put(`/trunks/${id}`, { trunk: { admin_state_up: true } })).status).toBe(200);
    expect((await api.delete(`/trunks/${id}`)).status).toBe(204);
  });

  it('keeps the ports of a trunk from deletion: PortInUseAsTrunkParent, PortInUseAsSubPort', async () => {
    expect(failure(await api.delete(`/ports/${String(ports[0]!['id'])}`), 409, 'PortInUseAsTrunkParent')).toBe(
      `Port ${String(ports[0]!['id'])} is currently a parent port for trunk ${trunkId}.`,
    );
    expect(failure(await api.delete(`/ports/${String(ports[1]!['id'])}`), 409, 'PortInUseAsSubPort')).toBe(
      `Port ${String(ports[1]!['id'])} is currently a subport for trunk ${trunkId}.`,
    );
    expect(ok(await api.get(`/trunks/${trunkId}`), 'trunk')['sub_ports']).toHaveLength(1);
  });

  it("takes an inheriting subport's segmentation from its VLAN network, and refuses a VXLAN one", async () => {
    const {
      ports: [parent],
    } = await networkWithPorts(api, 1, { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 150 });
    const {
      ports: [onVlan],
    } = await networkWithPorts(api, 1, { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 151 });
    const {
      ports: [onVxlan],
    } = await networkWithPorts(api, 1);
    const inheriting = created(
      await api.post('/trunks', { trunk: { port_id: parent!['id'], sub_ports: [{ port_id: onVlan!['id'], segmentation_type: 'inherit' }] } }),
      'trunk',
    );
    expect(inheriting['sub_ports']).toEqual([{ port_id: onVlan!['id'], segmentation_type: 'vlan', segmentation_id: 151 }]);
    expect(failure(await add([{ port_id: onVxlan!['id'], segmentation_type: 'inherit' }], String(inheriting['id'])), 400, 'InvalidInput')).toBe(
      "Invalid input for operation: Unknown segmentation_type 'vxlan'.",
    );
    expect((await api.delete(`/trunks/${String(inheriting['id'])}`)).status).toBe(204);
  });

  it("refuses a subport whose network's MTU is above the parent's", async () => {
    // VXLAN networks get 1450 (the tunnel's overhead off 1500); VLAN ones 1500.
    const {
      ports: [vxlanParent],
    } = await networkWithPorts(api, 1);
    const {
      ports: [vlanPort],
    } = await networkWithPorts(api, 1, { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 160 });
    expect(
      failure(await api.post('/trunks', { trunk: { port_id: vxlanParent!['id'], sub_ports: [vlan(vlanPort!, 3)] } }), 409, 'SubPortMtuGreaterThanTrunkPortMtu'),
    ).toBe(`MTU 1500 of subport ${String(vlanPort!['id'])} cannot be greater than MTU 1450 of trunk ${String(vxlanParent!['id'])}.`);
  });
});
