import type { Ml2Plugin } from '@net-server/ml2';

/*
 * A core plugin a test built itself (with its notifications recorded),
 * handed to a NeutronManager through the `<file>:heldPlugin` spec: the
 * manager calls the export and serves what it returns.
 */
let held: Ml2Plugin | undefined;

export function holdPlugin(plugin: Ml2Plugin): void {
  held = plugin;
}

export function heldPlugin(): Ml2Plugin {
  if (!held) throw new Error('holdPlugin() was not called before the manager loaded');
  return held;
}
