import { PluginConfigError, ResourceProducerRegistry, type CorePlugin } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { HookRegistry, requireCoreCapabilities, UnsupportedCorePluginError } from '../src/index.js';

const transactions = { read: async () => undefined, write: async () => undefined };

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('requireCoreCapabilities', () => {
  it('returns the core plugin when it has what the service plugin needs, recognised by shape', () => {
    const core = {
      hooks: new HookRegistry(),
      transactions,
      resourceProducers: new ResourceProducerRegistry(),
      transport: async () => ({}),
    } as unknown as CorePlugin;
    expect(requireCoreCapabilities(core, 'qos', ['hooks', 'transactions', 'resourceProducers', 'transport'])).toBe(core);
    // Another copy of net-server's HookRegistry is as good as this one.
    const foreign = { hooks: { add: () => () => undefined }, transactions } as unknown as CorePlugin;
    expect(requireCoreCapabilities(foreign, 'router', ['hooks', 'transactions'])).toBe(foreign);
  });

  it('names every capability the core plugin lacks, as a configuration error on core_plugin', () => {
    const error = caught(() =>
      requireCoreCapabilities({ transactions: { write: transactions.write } } as unknown as CorePlugin, 'segments', [
        'networkSegments',
        'hooks',
        'transactions',
      ]),
    );
    expect(error).toBeInstanceOf(UnsupportedCorePluginError);
    expect(PluginConfigError.is(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'UNSUPPORTED_CORE_PLUGIN',
      group: 'DEFAULT',
      option: 'core_plugin',
      missing: ['networkSegments', 'hooks', 'transactions'],
    });
    expect((error as Error).message).toBe(
      "[DEFAULT] core_plugin: the segments service plugin needs a core plugin built on net-server's DbBasePlugin; the loaded one lacks " +
        'networkSegments (create, delete and list segments), hooks (resource lifecycle callbacks), transactions (its database transactions). ' +
        'Use core_plugin = ml2, or remove segments from service_plugins',
    );
  });
});
