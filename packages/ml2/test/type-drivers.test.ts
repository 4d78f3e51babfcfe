import { getAdminContext, NeutronException, PluginConfigError } from '@net-server/lib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DriverNotFoundError,
  FlatTypeDriver,
  GeneveTypeDriver,
  GreTypeDriver,
  LocalTypeDriver,
  Ml2ConfigError,
  ml2Db,
  runInTransaction,
  TypeManager,
  VlanTypeDriver,
  VxlanTypeDriver,
  type TypeDriver,
} from '@net-server/ml2';
import { ensureBuilt } from './built.js';
import { appWithPackages, logger, migratedDatabase, ml2Config } from './helpers.js';

const context = getAdminContext();

function allDrivers(ini: string): TypeDriver[] {
  const config = ml2Config(ini);
  const init = { config, logger };
  return [
    new LocalTypeDriver(),
    new FlatTypeDriver(init),
    new VlanTypeDriver(init),
    new VxlanTypeDriver(init),
    new GeneveTypeDriver(init),
    new GreTypeDriver(init),
  ];
}

function manager(ini: string): TypeManager {
  return new TypeManager(allDrivers(ini), ml2Config(ini), logger);
}

async function errorOf(promise: Promise<unknown> | (() => unknown)): Promise<NeutronException> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof NeutronException) return error;
    throw error;
  }
  throw new Error('expected a NeutronException');
}

const INI = `
[ml2]
tenant_network_types = vxlan,vlan
[ml2_type_flat]
flat_networks = public
[ml2_type_vlan]
network_vlan_ranges = physnet1:100:102,physnet2
[ml2_type_vxlan]
vni_ranges = 1000:1001
[ml2_type_gre]
tunnel_id_ranges = 1:5
[ml2_type_geneve]
vni_ranges = 7:8
`;

describe('range options', () => {
  it('rejects malformed and out-of-range values, naming the option', () => {
    expect(() => new VlanTypeDriver({ config: ml2Config('[ml2_type_vlan]\nnetwork_vlan_ranges = physnet1:10'), logger })).toThrow(
      /\[ml2_type_vlan\] network_vlan_ranges: "physnet1:10" is not of the form/,
    );
    expect(() => new VlanTypeDriver({ config: ml2Config('[ml2_type_vlan]\nnetwork_vlan_ranges = physnet1:0:10'), logger })).toThrow(Ml2ConfigError);
    expect(() => new VxlanTypeDriver({ config: ml2Config('[ml2_type_vxlan]\nvni_ranges = 10:5'), logger })).toThrow(/minimum above its maximum/);
    expect(() => new GreTypeDriver({ config: ml2Config('[ml2_type_gre]\ntunnel_id_ranges = a:5'), logger })).toThrow(/not a whole number/);
  });

  it('gives a bare physical network every valid tag', () => {
    const driver = new VlanTypeDriver({
      config: ml2Config('[ml2_type_vlan]\nnetwork_vlan_ranges = physnet1:5:6,physnet1,physnet2:7:8,physnet2:20:30'),
      logger,
    });
    expect(driver.ranges.get('physnet1')).toEqual([{ min: 1, max: 4094 }]);
    expect(driver.ranges.get('physnet2')).toEqual([
      { min: 7, max: 8 },
      { min: 20, max: 30 },
    ]);
  });

  it('refuses tenant network types without a loaded driver', () => {
    expect(() => new TypeManager([new LocalTypeDriver()], ml2Config('[ml2]\ntenant_network_types = vxlan'), logger)).toThrow(
      /tenant_network_types: no type driver for tenant network type 'vxlan'/,
    );
  });
});

describe('provider segment validation', () => {
  const types = manager(INI);
  const cases: [Record<string, unknown>, string][] = [
    [{ 'provider:network_type': 'flat' }, 'physical_network required for flat provider network'],
    [{ 'provider:network_type': 'flat', 'provider:physical_network': 'other' }, "physical_network 'other' unknown for flat provider network"],
    [
      { 'provider:network_type': 'flat', 'provider:physical_network': 'public', 'provider:segmentation_id': 3 },
      'segmentation_id prohibited for flat provider network',
    ],
    [{ 'provider:network_type': 'vlan', 'provider:physical_network': 'nope' }, "physical_network 'nope' unknown for VLAN provider network"],
    [
      { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 4095 },
      'segmentation_id out of range (1 through 4094)',
    ],
    [{ 'provider:network_type': 'vlan', 'provider:segmentation_id': 7 }, 'segmentation_id requires physical_network for VLAN provider network'],
    [{ 'provider:network_type': 'vxlan', 'provider:physical_network': 'physnet1' }, 'provider:physical_network specified for vxlan network'],
    [{ 'provider:network_type': 'gre', 'provider:segmentation_id': 2 ** 32 }, 'segmentation_id out of range (1 through 4294967295)'],
    [{ 'provider:network_type': 'local', 'provider:segmentation_id': 4 }, 'segmentation_id prohibited for local provider network'],
    [{ 'provider:network_type': 'bogus' }, "network_type value 'bogus' not supported"],
    [{ 'provider:physical_network': 'physnet1' }, 'network_type required'],
  ];
  it.each(cases)('%j is refused', async (request, message) => {
    const error = await errorOf(() => types.processProviderCreate(request));
    expect(error.type).toBe('InvalidInput');
    expect(error.message).toBe(`Invalid input for operation: ${message}.`);
  });

  it('refuses provider attributes together with segments, and duplicate segments', async () => {
    expect((await errorOf(() => types.processProviderCreate({ 'provider:network_type': 'vxlan', segments: [] }))).type).toBe(
      'SegmentsSetInConjunctionWithProviders',
    );
    const duplicate = { 'provider:network_type': 'vxlan', 'provider:segmentation_id': 5 };
    expect((await errorOf(() => types.processProviderCreate({ segments: [duplicate, duplicate] }))).type).toBe('SegmentsContainDuplicateEntry');
    // Partial segments may repeat: each gets its own id.
    expect(types.processProviderCreate({ segments: [{ 'provider:network_type': 'vxlan' }, { 'provider:network_type': 'vxlan' }] })).toHaveLength(2);
  });
});

describe('segment allocation', () => {
  it('allocates tenant segments in tenant_network_types order, then the next type, then fails', async () => {
    const { database } = await migratedDatabase();
    const types = manager(INI);
    const got: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const [segment] = await runInTransaction(database, (db) => types.createNetworkSegments(db, context, {}, `net-${i}`, 'p1'));
      got.push(`${segment!.network_type}:${segment!.physical_network ?? ''}:${segment!.segmentation_id}`);
    }
    // Two VNIs, then VLAN tags from the physnet1 range and the whole physnet2 space.
    expect(got.slice(0, 2).sort()).toEqual(['vxlan::1000', 'vxlan::1001']);
    expect(got.slice(2).every((s) => s.startsWith('vlan:'))).toBe(true);
    const exhausted = manager('[ml2]\ntenant_network_types = gre\n[ml2_type_gre]\ntunnel_id_ranges = 1:1');
    await runInTransaction(database, (db) => exhausted.createNetworkSegments(db, context, {}, 'g1', 'p1'));
    const error = await errorOf(runInTransaction(database, (db) => exhausted.createNetworkSegments(db, context, {}, 'g2', 'p1')));
    expect(error.type).toBe('NoNetworkAvailable');
    expect(error.httpStatus).toBe(503);
  });

  it('reserves provider segments once, allocates partial ones, and frees them on release', async () => {
    const { database } = await migratedDatabase();
    const types = manager(INI);
    const create = (id: string, request: Record<string, unknown>) =>
      runInTransaction(database, (db) => types.createNetworkSegments(db, context, request, id, 'p1'));
    await create('a', { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 3000 });
    const taken = await errorOf(create('b', { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 3000 }));
    expect(taken.type).toBe('VlanIdInUse');
    expect(taken.message).toBe('Unable to create the network. The VLAN 3000 on physical network physnet1 is in use.');
    await create('c', { 'provider:network_type': 'flat', 'provider:physical_network': 'public' });
    expect((await errorOf(create('d', { 'provider:network_type': 'flat', 'provider:physical_network': 'public' }))).type).toBe('FlatNetworkInUse');
    await create('e', { 'provider:network_type': 'vxlan', 'provider:segmentation_id': 5000 });
    expect((await errorOf(create('f', { 'provider:network_type': 'vxlan', 'provider:segmentation_id': 5000 }))).type).toBe('TunnelIdInUse');
    const [partial] = await create('g', { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1' });
    expect(partial!.segmentation_id).toBeGreaterThanOrEqual(100);
    expect(partial!.segmentation_id).toBeLessThanOrEqual(102);
    // A failed transaction keeps nothing: the same VLAN is free after the rollback.
    await errorOf(
      runInTransaction(database, async (db) => {
        await types.createNetworkSegments(
          db,
          context,
          { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet2', 'provider:segmentation_id': 9 },
          'h',
          'p1',
        );
        throw new NeutronException({});
      }),
    );
    await create('h2', { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet2', 'provider:segmentation_id': 9 });
    for (const id of ['a', 'c', 'e']) await runInTransaction(database, (db) => types.releaseNetworkSegments(db, id));
    await create('a2', { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 3000 });
    await create('c2', { 'provider:network_type': 'flat', 'provider:physical_network': 'public' });
    await create('e2', { 'provider:network_type': 'vxlan', 'provider:segmentation_id': 5000 });
    const stored = await ml2Db(database).selectFrom('ml2_network_segments').select('network_id').execute();
    expect(stored.map((row) => row.network_id).sort()).toEqual(['a2', 'c2', 'e2', 'g', 'h2']);
  });

  it('stores multi-segment networks in order and reports them as segments', async () => {
    const { database } = await migratedDatabase();
    const types = manager(INI);
    const segments = await runInTransaction(database, (db) =>
      types.createNetworkSegments(
        db,
        context,
        {
          segments: [
            { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet2', 'provider:segmentation_id': 42 },
            { 'provider:network_type': 'vxlan' },
          ],
        },
        'multi',
        'p1',
      ),
    );
    const network: Record<string, unknown> = {};
    types.extendNetworkWithProviderSegments(network, segments);
    expect(network).toEqual({
      segments: [
        { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet2', 'provider:segmentation_id': 42 },
        { 'provider:network_type': 'vxlan', 'provider:physical_network': null, 'provider:segmentation_id': expect.any(Number) },
      ],
    });
    expect(types.getNetworkMtu(segments)).toBe(1450);
    const single: Record<string, unknown> = {};
    types.extendNetworkWithProviderSegments(single, segments.slice(0, 1));
    expect(single).toEqual({ 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet2', 'provider:segmentation_id': 42 });
    expect(types.segmentsMatchFilters(segments, { 'provider:segmentation_id': ['42'] })).toBe(true);
    expect(types.segmentsMatchFilters(segments, { 'provider:network_type': ['gre'] })).toBe(false);
  });

  it('keeps allocations outside a shrunk range and never hands them out again', async () => {
    const { database } = await migratedDatabase();
    const wide = manager('[ml2]\ntenant_network_types = vxlan\n[ml2_type_vxlan]\nvni_ranges = 10:14');
    const holder = new Map<number, string>();
    for (const id of ['n1', 'n2', 'n3', 'n4', 'n5']) {
      const [segment] = await runInTransaction(database, (db) => wide.createNetworkSegments(db, context, {}, id, 'p'));
      holder.set(segment!.segmentation_id!, id);
    }
    expect([...holder.keys()].sort()).toEqual([10, 11, 12, 13, 14]);
    // "Restart" with a smaller range: 12, 13 and 14 stay with their networks.
    const narrow = manager('[ml2]\ntenant_network_types = vxlan\n[ml2_type_vxlan]\nvni_ranges = 10:11');
    await runInTransaction(database, (db) => narrow.releaseNetworkSegments(db, holder.get(10)!));
    const [next] = await runInTransaction(database, (db) => narrow.createNetworkSegments(db, context, {}, 'n6', 'p'));
    expect(next!.segmentation_id).toBe(10);
    expect((await errorOf(runInTransaction(database, (db) => narrow.createNetworkSegments(db, context, {}, 'n7', 'p')))).type).toBe('NoNetworkAvailable');
    const inUse = await ml2Db(database).selectFrom('ml2_network_segments').select('segmentation_id').execute();
    expect(inUse.map((row) => Number(row.segmentation_id)).sort()).toEqual([10, 11, 12, 13, 14]);
    // Growing the range back does not hand out the ids still in use.
    const regrown = manager('[ml2]\ntenant_network_types = vxlan\n[ml2_type_vxlan]\nvni_ranges = 10:15');
    const [last] = await runInTransaction(database, (db) => regrown.createNetworkSegments(db, context, {}, 'n8', 'p'));
    expect(last!.segmentation_id).toBe(15);
  });

  it('computes MTUs as neutron does', () => {
    const types = manager(`${INI}\n[DEFAULT]\nglobal_physnet_mtu = 9000\n[ml2]\nphysical_network_mtus = physnet1:1500\npath_mtu = 8000`);
    const seg = (network_type: string, physical_network: string | null) => ({
      id: 'x',
      network_id: 'n',
      network_type,
      physical_network,
      segmentation_id: 1,
      is_dynamic: false,
      segment_index: 0,
    });
    expect(types.getNetworkMtu([seg('vlan', 'physnet1')])).toBe(1500);
    expect(types.getNetworkMtu([seg('vlan', 'physnet2')])).toBe(9000);
    expect(types.getNetworkMtu([seg('vxlan', null)])).toBe(8000 - 20 - 30);
    expect(types.getNetworkMtu([seg('gre', null)])).toBe(8000 - 20 - 22);
    expect(types.getNetworkMtu([seg('local', null)])).toBe(9000);
  });
});

describe('TypeManager.load', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('loads [ml2] type_drivers by name from installed packages, in the configured order', async () => {
    const types = await TypeManager.load(ml2Config('[ml2]\ntype_drivers = vxlan,local,flat\ntenant_network_types = vxlan,local'), logger, {
      root: appWithPackages(),
      cache: false,
    });
    expect([...types.drivers.keys()]).toEqual(['vxlan', 'local', 'flat']);
  });

  it('refuses to start when a configured type driver is not installed', async () => {
    const loading = TypeManager.load(ml2Config('[ml2]\ntype_drivers = local,nosuch'), logger, { root: appWithPackages(), cache: false });
    await expect(loading).rejects.toThrow(DriverNotFoundError);
    await expect(loading).rejects.toThrow(/The following type drivers were not found: nosuch/);
    const typo = await TypeManager.load(ml2Config('[ml2]\ntype_drivers = local,vlna'), logger, { root: appWithPackages(), cache: false }).catch(
      (error: unknown) => error,
    );
    expect(typo).toMatchObject({ group: 'ml2', option: 'type_drivers' });
    expect((typo as Error).message).toContain('were not found: vlna. Did you mean "vlan"?');
    expect((typo as Error).message).toContain('lists what is installed: flat, geneve, gre, local, vlan, vxlan)');
  });

  it('reports a driver that rejects its options by the option, not as a missing driver', async () => {
    const loading = TypeManager.load(ml2Config('[ml2]\ntype_drivers = vxlan\ntenant_network_types = vxlan\n[ml2_type_vxlan]\nvni_ranges = 1:abc'), logger, {
      root: appWithPackages(),
      cache: false,
    });
    // The driver comes from the installed package's build: recognised by PluginConfigError.is, not by class identity.
    expect(PluginConfigError.is(await loading.catch((error: unknown) => error))).toBe(true);
    await expect(loading).rejects.toMatchObject({
      code: 'ML2_CONFIG_INVALID',
      group: 'ml2_type_vxlan',
      option: 'vni_ranges',
      message: '[ml2_type_vxlan] vni_ranges: "1:abc" holds "abc", which is not a whole number',
    });
  });
});
