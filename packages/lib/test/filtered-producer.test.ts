import { describe, expect, it } from 'vitest';
import { Context, filteredProducer, type VersionedObjectPrimitive } from '../src/index.js';

const proxy = (id: string, routerId: string, port: number): VersionedObjectPrimitive => ({
  'versioned_object.name': 'NDPProxy',
  'versioned_object.namespace': 'versionedobjects',
  'versioned_object.version': '1.0',
  'versioned_object.data': { id, router_id: routerId, port },
});

describe('filteredProducer', () => {
  const loads: Record<string, readonly string[]>[] = [];
  const producer = filteredProducer({
    resource: 'NDPProxy',
    version: '1.0',
    filterable: ['id', 'router_id', 'port'],
    load: async (_context, filters) => {
      loads.push(filters);
      return [proxy('p1', 'r1', 80), proxy('p2', 'r1', 443), proxy('p3', 'r2', 80)];
    },
  });
  const context = new Context({ isAdmin: true });

  it('bulk-pulls by filter_kwargs (a value or a list; numbers compared as list filters do), handing the store the filters as lists', async () => {
    const ids = async (filters: Record<string, unknown>) => (await producer.bulkPull(context, filters, '1.0')).map((p) => p['versioned_object.data']['id']);
    expect(await ids({ router_id: 'r1' })).toEqual(['p1', 'p2']);
    expect(await ids({ router_id: ['r1', 'r2'], port: '80' })).toEqual(['p1', 'p3']);
    expect(loads.at(-1)).toEqual({ router_id: ['r1', 'r2'], port: ['80'] });
    expect(await ids({})).toEqual(['p1', 'p2', 'p3']);
  });

  it('pulls one by id (null when there is none); any version but its own, or a filter on another field, is InvalidInput', async () => {
    expect((await producer.pull(context, 'p2', '1.0'))?.['versioned_object.data']).toEqual({ id: 'p2', router_id: 'r1', port: 443 });
    expect(await producer.pull(context, 'nope', '')).toBeNull();
    await expect(producer.bulkPull(context, {}, '1.1')).rejects.toMatchObject({
      code: 'InvalidInput',
      message: expect.stringContaining('Version 1.1 of NDPProxy is not supported, supported version is 1.0'),
    });
    await expect(producer.bulkPull(context, { name: 'x' }, '1.0')).rejects.toMatchObject({
      message: expect.stringContaining("'name' is not supported for filtering"),
    });
  });
});
