import { silentLogger, type ConfigReader } from '@net-server/lib';
import type { PluginInit } from 'net-server';
import { describe, expect, it } from 'vitest';
import { L3RouterPlugin, UnsupportedCorePluginError } from '@net-server/l3';

const config: ConfigReader = {
  get: () => {
    throw new Error('not read');
  },
  value: () => undefined,
  has: () => false,
};

function initWith(corePlugin: object): PluginInit {
  return { name: 'router', config, logger: silentLogger, database: undefined, directory: { corePlugin } as unknown as PluginInit['directory'] };
}

describe('the core plugin the router plugin needs', () => {
  it('refuses a core plugin without the DB base plugin hooks, saying what to use', () => {
    expect(() => new L3RouterPlugin(initWith({ createPort: () => undefined }))).toThrow(UnsupportedCorePluginError);
    expect(() => new L3RouterPlugin(initWith({ hooks: { add: () => () => undefined } }))).toThrow(/lacks transactions\. Use core_plugin = ml2/);
  });
});
