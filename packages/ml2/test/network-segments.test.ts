import { InvalidInput, NetworkNotFound, networkSegmentsOf, SegmentInUse, SegmentNotFound } from '@net-server/lib';
import { ml2View, portBindings, type NetworkContext } from '@net-server/ml2';
import { describe, expect, it } from 'vitest';
import { admin, ml2Plugin } from './plugin-helpers.js';

/* ML2's side of the SegmentsCapable contract, which the segments service plugin calls. */
describe('ML2 network segments (SegmentsCapable)', () => {
  it('offers the contract', async () => {
    const { plugin } = await ml2Plugin();
    expect(networkSegmentsOf(plugin)).toBe(plugin.networkSegments);
  });

  it('reserves and allocates through the type drivers, lists and releases', async () => {
    const { plugin } = await ml2Plugin();
    const network = await plugin.createNetwork(admin, { name: 'routed' });
    const segments = plugin.networkSegments;
    const [tenant] = await segments.list(admin, { networkIds: [network.id] });
    expect(tenant).toMatchObject({ network_type: 'vxlan', segment_index: 0, is_dynamic: false });

    const chosen = await segments.create(admin, { network_id: network.id, network_type: 'vlan', physical_network: 'physnet1', segmentation_id: 105 });
    expect(chosen).toMatchObject({ network_id: network.id, network_type: 'vlan', physical_network: 'physnet1', segmentation_id: 105, segment_index: 1 });
    const allocated = await segments.create(admin, { network_id: network.id, network_type: 'vlan', physical_network: null, segmentation_id: null });
    expect(allocated.segmentation_id).toBeGreaterThanOrEqual(100);
    expect(allocated.segmentation_id).toBeLessThanOrEqual(109);
    expect(allocated.segmentation_id).not.toBe(105);
    expect((await segments.list(admin, { networkIds: [network.id] })).map((s) => s.id)).toEqual([tenant!.id, chosen.id, allocated.id]);
    expect((await segments.list(admin, { networkTypes: ['vlan'], physicalNetworks: ['physnet1'] })).map((s) => s.id).sort()).toEqual(
      [chosen.id, allocated.id].sort(),
    );
    expect(await segments.list(admin, { ids: [] })).toEqual([]);
    // The network shows them all as multi-provider segments.
    expect((await plugin.getNetwork(admin, network.id))['segments']).toHaveLength(3);

    await expect(
      segments.create(admin, { network_id: network.id, network_type: 'vlan', physical_network: 'physnet1', segmentation_id: 105 }),
    ).rejects.toMatchObject({
      type: 'VlanIdInUse',
    });
    await segments.delete(admin, chosen.id);
    expect(
      (await segments.create(admin, { network_id: network.id, network_type: 'vlan', physical_network: 'physnet1', segmentation_id: 105 })).segmentation_id,
    ).toBe(105);
    await expect(segments.delete(admin, chosen.id)).rejects.toBeInstanceOf(SegmentNotFound);
  });

  it('shows the mechanism drivers the network with its new segments, before and after the commit', async () => {
    const seen: { hook: string; segments: number; originalSegments: unknown; currentSegments: unknown }[] = [];
    const record = (hook: string) => (context: NetworkContext) => {
      seen.push({
        hook,
        segments: context.networkSegments.length,
        originalSegments: context.original?.['segments'],
        currentSegments: context.current['segments'],
      });
    };
    const { plugin } = await ml2Plugin({ updateNetworkPrecommit: record('precommit'), updateNetworkPostcommit: record('postcommit') });
    const network = await plugin.createNetwork(admin, { name: 'watched' });
    const segment = await plugin.networkSegments.create(admin, {
      network_id: network.id,
      network_type: 'vlan',
      physical_network: 'physnet1',
      segmentation_id: 103,
    });
    expect(seen.map((call) => [call.hook, call.segments])).toEqual([
      ['precommit', 2],
      ['postcommit', 2],
    ]);
    expect(seen[0]!.originalSegments).toBeUndefined();
    expect(seen[0]!.currentSegments).toHaveLength(2);
    seen.length = 0;
    await plugin.networkSegments.delete(admin, segment.id);
    expect(seen.map((call) => [call.hook, call.segments])).toEqual([
      ['precommit', 1],
      ['postcommit', 1],
    ]);
    expect(seen[0]!.originalSegments).toHaveLength(2);
  });

  it('refuses unknown networks and types, and segments bound to ports', async () => {
    const { plugin, database } = await ml2Plugin();
    const segments = plugin.networkSegments;
    await expect(
      segments.create(admin, { network_id: '5a0e8c0e-1d7c-4a55-a8e4-0c2a4f3b9d10', network_type: 'vlan', physical_network: 'physnet1', segmentation_id: 101 }),
    ).rejects.toBeInstanceOf(NetworkNotFound);
    const network = await plugin.createNetwork(admin, { name: 'n' });
    await expect(
      segments.create(admin, { network_id: network.id, network_type: 'geneve', physical_network: null, segmentation_id: null }),
    ).rejects.toBeInstanceOf(InvalidInput);
    const segment = await segments.create(admin, { network_id: network.id, network_type: 'vlan', physical_network: 'physnet1', segmentation_id: 102 });
    const port = await plugin.createPort(admin, { network_id: network.id });
    await portBindings.putLevels(ml2View(database.db), port.id, 'compute-1', [{ level: 0, driver: 'openvswitch', segment_id: segment.id }]);
    await expect(segments.delete(admin, segment.id)).rejects.toBeInstanceOf(SegmentInUse);
    await plugin.deletePort(admin, port.id);
    await segments.delete(admin, segment.id);
  });
});
