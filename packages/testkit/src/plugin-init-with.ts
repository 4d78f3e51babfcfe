import { silentLogger, type ConfigReader } from '@net-server/lib';
import type { PluginInit } from 'net-server';

// A plugin that reads an option in its constructor fails loudly here: such a test belongs on startServer.
const UNREAD_CONFIG: ConfigReader = {
  get: () => {
    throw new Error('pluginInitWith gives no configuration: start a server with startServer({ config }) to test options');
  },
  value: () => undefined,
  has: () => false,
};

/**
 * What the server hands a plugin's constructor, for a unit test that builds
 * the plugin directly next to a stand-in core plugin, e.g. to check the
 * error a plugin raises for a core plugin lacking what it composes with.
 */
export function pluginInitWith(name: string, corePlugin: object): PluginInit {
  return {
    name,
    config: UNREAD_CONFIG,
    logger: silentLogger,
    database: undefined,
    directory: { corePlugin } as unknown as PluginInit['directory'],
    discovery: {},
  };
}
