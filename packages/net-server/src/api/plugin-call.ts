import type { PluginBase } from '@net-server/lib';
import { HTTPNotImplemented } from './http-errors.js';

type PluginMethod = (...args: unknown[]) => Promise<unknown>;

/** Whether the plugin implements a method. */
export function hasPluginMethod(plugin: PluginBase, name: string): boolean {
  return typeof (plugin as unknown as Record<string, unknown>)[name] === 'function';
}

/** Calls a plugin method by name; a plugin without it answers 501. */
export async function callPlugin(plugin: PluginBase, name: string, ...args: unknown[]): Promise<unknown> {
  const method = (plugin as unknown as Record<string, unknown>)[name];
  if (typeof method !== 'function') throw new HTTPNotImplemented({ method: name });
  return (method as PluginMethod).apply(plugin, args);
}

/** The plugin method of a member action: add_router_interface -> addRouterInterface. */
export function actionPluginMethod(action: string): string {
  return action.replace(/_(\w)/g, (_all, letter: string) => letter.toUpperCase());
}
