import type { PluginInit } from 'net-server';
import { Ml2Plugin } from '../plugin/ml2-plugin.js';

/**
 * The `ml2` entry point of net_server.core_plugins: the NeutronManager calls
 * it with its PluginInit; loading the drivers is asynchronous, hence a
 * factory rather than the class.
 */
export async function createMl2Plugin(init: PluginInit): Promise<Ml2Plugin> {
  return Ml2Plugin.create(init);
}
