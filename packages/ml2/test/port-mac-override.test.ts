import { constants } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import type { MechanismDriver, PortContext } from '@net-server/ml2';
import { admin, ml2Plugin } from './plugin-helpers.js';

/** Binds direct-physical ports as an SR-IOV driver would (hostdev_physical); leaves the others to openvswitch. */
const sriov: MechanismDriver = {
  bindPort(context: PortContext) {
    if (context.vnicType !== constants.VNIC_DIRECT_PHYSICAL) return;
    const segment = context.segmentsToBind[0];
    if (segment) context.setBinding(segment.id, 'hostdev_physical', {});
  },
};

const DEVICE_MAC = 'b4:96:91:00:00:0a';

describe('port-mac-override: direct-physical ports take their device MAC from the binding profile', () => {
  it('announces the extension, and overrides, regenerates and frees the MAC of a direct-physical port as neutron ML2 does', async () => {
    const { plugin } = await ml2Plugin(sriov);
    expect(plugin.supportedExtensionAliases).toContain('port-mac-override');
    const network = await plugin.createNetwork(admin, { name: 'n' });
    const body = { network_id: network.id, device_owner: 'compute:nova', device_id: 'vm1', 'binding:vnic_type': constants.VNIC_DIRECT_PHYSICAL };
    const port = await plugin.createPort(admin, { ...body, 'binding:host_id': 'compute1', 'binding:profile': { device_mac_address: DEVICE_MAC } });
    expect(port['binding:vif_type']).toBe('hostdev_physical');
    expect(port.mac_address).toBe(DEVICE_MAC);
    expect((await plugin.getPort(admin, port.id)).mac_address).toBe(DEVICE_MAC);
    // Bound again without a device MAC: a new random one, so that the device's is free.
    const rebound = await plugin.updatePort(admin, port.id, { 'binding:host_id': 'compute2', 'binding:profile': {} });
    expect(rebound.mac_address).not.toBe(DEVICE_MAC);
    expect(rebound.mac_address).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
    // The instance gone (device_id and device_owner cleared): another new MAC.
    const freed = await plugin.updatePort(admin, port.id, { device_id: '', device_owner: '' });
    expect(freed.mac_address).not.toBe(rebound.mac_address);
    expect((await plugin.getPort(admin, port.id)).mac_address).toBe(freed.mac_address);
    // Other vnic types keep their MAC whatever the profile says.
    const normal = await plugin.createPort(admin, {
      network_id: network.id,
      'binding:host_id': 'compute1',
      'binding:profile': { device_mac_address: 'b4:96:91:00:00:0b' },
    });
    expect(normal.mac_address).toMatch(/^fa:16:3e/);
  });
});
