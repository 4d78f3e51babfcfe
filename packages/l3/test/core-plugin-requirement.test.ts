import { pluginInitWith } from '@net-server/testkit';
import { UnsupportedCorePluginError, type PluginInit } from 'net-server';
import { describe, expect, it } from 'vitest';
import { L3RouterPlugin } from '@net-server/l3';

const initWith = (corePlugin: object): PluginInit => pluginInitWith('router', corePlugin);

describe('the core plugin the router plugin needs', () => {
  it('refuses a core plugin without the DB base plugin hooks, saying what to use', () => {
    expect(() => new L3RouterPlugin(initWith({ createPort: () => undefined }))).toThrow(UnsupportedCorePluginError);
    expect(() => new L3RouterPlugin(initWith({ hooks: { add: () => () => undefined } }))).toThrow(
      /the router service plugin needs a core plugin built on net-server's DbBasePlugin; the loaded one lacks transactions \(its database transactions\), networkRbac \(RBAC entries\)\. Use core_plugin = ml2/,
    );
  });
});
