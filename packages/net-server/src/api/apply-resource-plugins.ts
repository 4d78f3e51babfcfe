import type { NeutronManager } from '../manager/neutron-manager.js';
import type { ApiModel } from './api-model.js';

/**
 * Records in the plugin manager which plugin serves each top-level
 * collection the model routes, as neutron's pecan startup does with
 * NeutronManager.set_plugin_for_resource, so that code asking the manager,
 * rather than the API, finds the plugin of an extension's collection.
 */
export function applyResourcePlugins(manager: Pick<NeutronManager, 'setPluginForResource'>, model: ApiModel): void {
  for (const [collection, resource] of model.resources) manager.setPluginForResource(collection, resource.plugin);
}
