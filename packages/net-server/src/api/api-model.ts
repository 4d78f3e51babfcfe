import type { AttributeMap, ExtensionDescriptor } from '@net-server/lib';
import type { ApiResource, ControllerSubresource } from './api-resource.js';

/** The parts of an ApiModel, as buildApiModel derives them from the loaded plugins. */
export interface ApiModelParts {
  readonly extensions: readonly ExtensionDescriptor[];
  readonly resources: ReadonlyMap<string, ApiResource>;
  readonly subresources: ReadonlyMap<string, ApiResource>;
  readonly controllerSubresources: ReadonlyMap<string, ControllerSubresource>;
}

/**
 * What the API serves (as neutron's PluginAwareExtensionManager +
 * APIRouter): the loaded extensions, the core resources, and every
 * collection, sub-resource and member action those extensions declare,
 * each routed to the plugin that supports it. `buildApiModel` derives one
 * from the loaded plugins; `applyResourcePlugins` records its routing in
 * the plugin manager.
 */
export class ApiModel implements ApiModelParts {
  /** Loaded extensions in load order (the core resources are not among them). */
  readonly extensions: readonly ExtensionDescriptor[];
  /** Top-level collections by name. */
  readonly resources: ReadonlyMap<string, ApiResource>;
  /** Sub-resources by "<parent collection>/<collection>". */
  readonly subresources: ReadonlyMap<string, ApiResource>;
  /** Sub-resources their plugins answer with controllers of their own, by "<parent collection>/<collection>". */
  readonly controllerSubresources: ReadonlyMap<string, ControllerSubresource>;

  constructor(parts: ApiModelParts) {
    this.extensions = parts.extensions;
    this.resources = parts.resources;
    this.subresources = parts.subresources;
    this.controllerSubresources = parts.controllerSubresources;
  }

  /** The attributes of a collection, top-level or sub-resource. */
  attributesOf(collection: string): AttributeMap | undefined {
    return this.resources.get(collection)?.attributes ?? [...this.subresources.values()].find((r) => r.collection === collection)?.attributes;
  }

  /** The top-level resource whose member name is given ("network" -> networks). */
  byMember(member: string): ApiResource | undefined {
    return [...this.resources.values()].find((resource) => resource.member === member);
  }
}
