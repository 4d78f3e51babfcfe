import { pluginInitWith, startServer } from '@net-server/testkit';
import { UnsupportedCorePluginError, type PluginInit } from 'net-server';
import { describe, expect, it } from 'vitest';
import { SegmentsPlugin } from '@net-server/segments';
import { buildPlugins, packageDir } from './helpers.js';

const initWith = (corePlugin: object): PluginInit => pluginInitWith('segments', corePlugin);

const segments = { create: () => undefined, delete: () => undefined, list: () => undefined };

describe('the core plugin the segments plugin needs', () => {
  it('refuses a core plugin that does not own segments, saying what to use', () => {
    const error = (() => {
      try {
        new SegmentsPlugin(initWith({ hooks: { add: () => () => undefined }, transactions: { read: () => undefined, write: () => undefined } }));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UnsupportedCorePluginError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_CORE_PLUGIN', group: 'DEFAULT', option: 'core_plugin', missing: ['networkSegments'] });
    expect(String((error as Error).message)).toMatch(/lacks networkSegments .*Use core_plugin = ml2/);
    expect(() => new SegmentsPlugin(initWith({ networkSegments: { ...segments, list: undefined } }))).toThrow(/lacks networkSegments/);
    expect(() => new SegmentsPlugin(initWith({ networkSegments: segments }))).toThrow(/lacks hooks/);
    expect(() => new SegmentsPlugin(initWith({ networkSegments: segments, hooks: { add: () => () => undefined } }))).toThrow(/lacks transactions/);
  });

  it('stops a server whose core plugin is the DB base plugin from starting', async () => {
    buildPlugins();
    const refused = await startServer({ root: packageDir, corePlugin: 'net-server:DbBasePlugin', servicePlugins: ['segments'] }).then(
      async (server) => {
        await server.stop();
        return undefined;
      },
      (error: unknown) => error,
    );
    // A configuration to change, reported as one (exit status 2 from the CLI), with the plugin's own error as the cause.
    expect(refused).toMatchObject({ code: 'CONFIG_PLUGIN_OPTION_INVALID', cause: { code: 'UNSUPPORTED_CORE_PLUGIN' } });
    expect(String((refused as Error).message)).toMatch(
      /\[DEFAULT\] core_plugin: the segments service plugin needs .*lacks networkSegments.*Use core_plugin = ml2, or remove segments from service_plugins\. Checked by the segments plugin/,
    );
  }, 240_000);
});
