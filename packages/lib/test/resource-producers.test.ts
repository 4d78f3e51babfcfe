import { describe, expect, it } from 'vitest';
import {
  CallbackNotFound,
  CallbacksMaxLimitReached,
  getAdminContext,
  ResourceProducerRegistry,
  resourceProducersOf,
  type ResourceProducer,
} from '@net-server/lib';

const producer: ResourceProducer = {
  pull: async (_context, id, version) => ({
    'versioned_object.name': 'Widget',
    'versioned_object.namespace': 'versionedobjects',
    'versioned_object.version': version,
    'versioned_object.data': { id },
  }),
  bulkPull: async () => [],
};

describe('ResourceProducerRegistry', () => {
  it('dispatches to the producer of a type until it is unregistered', async () => {
    const registry = new ResourceProducerRegistry();
    const unregister = registry.provide('Widget', producer);
    expect(registry.has('Widget')).toBe(true);
    expect(await registry.get('Widget').pull(getAdminContext(), 'w1', '1.0')).toMatchObject({ 'versioned_object.data': { id: 'w1' } });
    unregister();
    expect(registry.has('Widget')).toBe(false);
    expect(() => registry.get('Widget')).toThrow(CallbackNotFound);
  });

  it("refuses a second producer for a type with neutron's CallbacksMaxLimitReached", () => {
    const registry = new ResourceProducerRegistry();
    registry.provide('Widget', producer);
    expect(() => registry.provide('Widget', producer)).toThrow(CallbacksMaxLimitReached);
    expect(() => registry.get('Gadget')).toThrow('Callback for Gadget not found');
  });

  it('is found on a plugin by shape', () => {
    const registry = new ResourceProducerRegistry();
    expect(resourceProducersOf({ resourceProducers: registry })).toBe(registry);
    expect(resourceProducersOf({})).toBeUndefined();
  });
});
