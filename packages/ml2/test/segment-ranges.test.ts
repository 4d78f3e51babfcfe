import { getAdminContext } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import {
  isRangedTypeDriver,
  runInTransaction,
  tenantPools,
  TypeManager,
  VlanTypeDriver,
  VxlanTypeDriver,
  type SegmentRange,
  type SegmentRangeSource,
} from '@net-server/ml2';
import { logger, migratedDatabase, ml2Config } from './helpers.js';

const context = getAdminContext();

function shared(min: number, max: number, physicalNetwork: string | null = null): SegmentRange {
  return { min, max, physicalNetwork, shared: true, projectId: null };
}

function owned(projectId: string, min: number, max: number, physicalNetwork: string | null = null): SegmentRange {
  return { min, max, physicalNetwork, shared: false, projectId };
}

describe('tenant pools from network segment ranges', () => {
  it("puts a project's own ranges first, then the shared ids no other project's range holds", () => {
    const ranges = [shared(1, 100), owned('a', 200, 210), owned('b', 10, 19), owned('b', 50, 100)];
    expect(tenantPools(ranges, 'a')).toEqual([
      [{ physicalNetwork: '', min: 200, max: 210 }],
      [
        { physicalNetwork: '', min: 1, max: 9 },
        { physicalNetwork: '', min: 20, max: 49 },
      ],
    ]);
    // Without a project, every project's ids are kept out.
    expect(tenantPools(ranges, undefined)).toEqual([
      [],
      [
        { physicalNetwork: '', min: 1, max: 9 },
        { physicalNetwork: '', min: 20, max: 49 },
      ],
    ]);
  });

  it('keeps VLAN ranges to their physical network, and narrows to one when asked', () => {
    const ranges = [shared(1, 10, 'p1'), shared(1, 10, 'p2'), owned('b', 1, 5, 'p2')];
    expect(tenantPools(ranges, 'a')).toEqual([
      [],
      [
        { physicalNetwork: 'p1', min: 1, max: 10 },
        { physicalNetwork: 'p2', min: 6, max: 10 },
      ],
    ]);
    expect(tenantPools(ranges, 'b', 'p2')).toEqual([[{ physicalNetwork: 'p2', min: 1, max: 5 }], [{ physicalNetwork: 'p2', min: 1, max: 10 }]]);
  });
});

describe('type drivers with a segment range source', () => {
  const INI = '[ml2]\ntenant_network_types = vlan,vxlan\n[ml2_type_vlan]\nnetwork_vlan_ranges = physnet1:100:101\n[ml2_type_vxlan]\nvni_ranges = 10:11';

  it('offer their configured ranges', () => {
    const init = { config: ml2Config(INI), logger };
    const vlan = new VlanTypeDriver(init);
    const vxlan = new VxlanTypeDriver(init);
    expect(isRangedTypeDriver(vlan) && isRangedTypeDriver(vxlan)).toBe(true);
    expect(vlan.configuredRanges()).toEqual([{ physicalNetwork: 'physnet1', min: 100, max: 101 }]);
    expect(vxlan.configuredRanges()).toEqual([{ physicalNetwork: null, min: 10, max: 11 }]);
  });

  it("allocate from the source's ranges instead of the configured ones, a project's own first", async () => {
    const { database } = await migratedDatabase();
    const init = { config: ml2Config(INI), logger };
    const vlan = new VlanTypeDriver(init);
    const vxlan = new VxlanTypeDriver(init);
    const stored: Record<string, SegmentRange[]> = { vlan: [shared(300, 300, 'physnet9'), owned('a', 400, 400, 'physnet9')], vxlan: [] };
    const asked: string[] = [];
    const source: SegmentRangeSource = {
      ranges: async (_db, type) => {
        asked.push(type);
        return stored[type] ?? [];
      },
    };
    vlan.useSegmentRanges(source);
    vxlan.useSegmentRanges(source);
    const types = new TypeManager([vlan, vxlan], ml2Config(INI), logger);
    const segmentOf = async (network: string, project: string): Promise<string> => {
      const [segment] = await runInTransaction(database, (db) => types.createNetworkSegments(db, context, {}, network, project));
      return `${segment!.network_type}:${segment!.physical_network ?? ''}:${segment!.segmentation_id}`;
    };
    expect(await segmentOf('n1', 'a')).toBe('vlan:physnet9:400');
    expect(await segmentOf('n2', 'a')).toBe('vlan:physnet9:300');
    // VLAN has no id left and the source gives VXLAN none: no network, though the configuration lists some.
    await expect(segmentOf('n3', 'b')).rejects.toMatchObject({ type: 'NoNetworkAvailable' });
    expect(asked).toEqual(['vlan', 'vlan', 'vlan', 'vxlan']);
  });
});
