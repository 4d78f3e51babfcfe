import { pluginInitWith, startServer } from '@net-server/testkit';
import type { PluginInit } from 'net-server';
import { describe, expect, it } from 'vitest';
import { SegmentsPlugin, UnsupportedCorePluginError } from '@net-server/segments';
import { buildPlugins, packageDir } from './helpers.js';

const initWith = (corePlugin: object): PluginInit => pluginInitWith('segments', corePlugin);

const segments = { create: () => undefined, delete: () => undefined, list: () => undefined };

describe('the core plugin the segments plugin needs', () => {
  it('refuses a core plugin that does not own segments, saying what to use', () => {
    const error = (() => {
      try {
        new SegmentsPlugin(initWith({ hooks: { add: () => () => undefined }, transactions: { write: () => undefined } }));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UnsupportedCorePluginError);
    expect(error).toMatchObject({ code: 'SEGMENTS_UNSUPPORTED_CORE_PLUGIN' });
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
    // The manager reports the plugin that failed to start, with the plugin's own error as the cause.
    expect(refused).toMatchObject({ code: 'PLUGIN_INVALID', cause: { code: 'SEGMENTS_UNSUPPORTED_CORE_PLUGIN' } });
    expect(String((refused as Error).message)).toMatch(/plugin segments failed while starting: .*lacks networkSegments.*Use core_plugin = ml2/);
  }, 240_000);
});
