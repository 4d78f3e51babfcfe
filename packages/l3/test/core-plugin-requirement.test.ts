import { pluginInitWith } from '@net-server/testkit';
import type { PluginInit } from 'net-server';
import { describe, expect, it } from 'vitest';
import { L3RouterPlugin, UnsupportedCorePluginError } from '@net-server/l3';

const initWith = (corePlugin: object): PluginInit => pluginInitWith('router', corePlugin);

describe('the core plugin the router plugin needs', () => {
  it('refuses a core plugin without the DB base plugin hooks, saying what to use', () => {
    expect(() => new L3RouterPlugin(initWith({ createPort: () => undefined }))).toThrow(UnsupportedCorePluginError);
    expect(() => new L3RouterPlugin(initWith({ hooks: { add: () => () => undefined } }))).toThrow(/lacks transactions\. Use core_plugin = ml2/);
  });
});
