import {
  definitions,
  pluginMethodNames,
  withProjectId,
  type AttributeMap,
  type ExtensionDescriptor,
  type HttpMethod,
  type Logger,
  type PluginBase,
} from '@net-server/lib';
import type { NeutronManager } from '../manager/neutron-manager.js';
import { ApiModel } from './api-model.js';
import { singular, type ApiResource, type ControllerSubresource } from './api-resource.js';
import { API_SHIM_EXTENSIONS } from './extension-catalog.js';
import { selectExtensions, supportingPlugins } from './served-extensions.js';

/** What building the model reads of the plugin manager (it changes nothing there). */
export type LoadedPlugins = Pick<NeutronManager, 'getUniquePlugins' | 'getPluginForResource' | 'corePlugin'>;

/** A top-level collection while the extensions' attribute maps are merged into it. */
interface CollectionDraft {
  attributes: Record<string, AttributeMap[string]>;
  plugin: PluginBase;
  prefix: string;
  member: string;
  path?: string;
}

/**
 * Derives what the API serves from the loaded plugins, once at start: the
 * extensions whose alias some plugin supports and whose required extensions
 * are loaded too (each as its plugin adapts it), plus `apiExtensions`, those
 * the API layer itself implements (pagination, sorting, quotas...), always
 * served.
 */
export function buildApiModel(
  plugins: LoadedPlugins,
  catalog: ReadonlyMap<string, ExtensionDescriptor>,
  logger: Logger,
  apiExtensions: readonly ExtensionDescriptor[] = API_SHIM_EXTENSIONS,
): ApiModel {
  const supportedBy = supportingPlugins(plugins.getUniquePlugins());
  // As this server serves them: a plugin may adapt an extension it supports to the other plugins loaded.
  const extensions = selectExtensions(supportedBy, catalog, logger).map(
    (descriptor) => supportedBy.get(descriptor.alias)?.adaptExtension?.(descriptor) ?? descriptor,
  );
  const resources = topLevelResources(collectionDrafts(plugins, supportedBy, extensions), memberActions(extensions));
  return new ApiModel({
    extensions: [...extensions, ...apiExtensions.filter((shim) => !extensions.some((e) => e.alias === shim.alias))],
    resources,
    subresources: subresourcesOf(extensions, resources, supportedBy),
    controllerSubresources: controllerSubresourcesOf(extensions, resources, supportedBy, logger),
  });
}

/**
 * Every collection with its attributes merged from the core resources and
 * the extensions, served by the plugin the manager routes it to, else the
 * plugin supporting the extension that defines it, else the core plugin.
 */
function collectionDrafts(
  plugins: LoadedPlugins,
  supportedBy: ReadonlyMap<string, PluginBase>,
  extensions: readonly ExtensionDescriptor[],
): Map<string, CollectionDraft> {
  const drafts = new Map<string, CollectionDraft>();
  // Standard-attribute extensions last: they extend the collections the others define and make none.
  const standard = extensions.filter((descriptor) => descriptor.isStandardAttrExtension === true);
  for (const descriptor of [...definitions.CORE_RESOURCES, ...requiredFirst(extensions.filter((descriptor) => !standard.includes(descriptor))), ...standard]) {
    for (const [collection, map] of Object.entries(descriptor.resourceAttributeMap)) {
      const existing = drafts.get(collection);
      if (existing) {
        Object.assign(existing.attributes, map);
        continue;
      }
      if (descriptor.isStandardAttrExtension === true) continue;
      drafts.set(collection, {
        attributes: { ...map },
        plugin: plugins.getPluginForResource(collection) ?? supportedBy.get(descriptor.alias) ?? plugins.corePlugin,
        prefix: descriptor.apiPrefix ?? '',
        member: descriptor.pluralMappings?.[collection] ?? singular(collection),
        ...(descriptor.collectionPaths?.[collection] !== undefined ? { path: descriptor.collectionPaths[collection] } : {}),
      });
    }
  }
  return drafts;
}

/**
 * The extensions with each one after those it requires, otherwise in their
 * order: an extension that redefines another's attribute (qos-gateway-ip's
 * `external_gateway_info`, over ext-gw-mode's) wins whatever order the
 * plugins loaded in, as in neutron.
 */
function requiredFirst(extensions: readonly ExtensionDescriptor[]): ExtensionDescriptor[] {
  const byAlias = new Map(extensions.map((descriptor) => [descriptor.alias, descriptor]));
  const ordered: ExtensionDescriptor[] = [];
  const placed = new Set<string>();
  const place = (descriptor: ExtensionDescriptor, path: ReadonlySet<string>): void => {
    if (placed.has(descriptor.alias) || path.has(descriptor.alias)) return;
    const deeper = new Set([...path, descriptor.alias]);
    for (const required of descriptor.requiredExtensions) {
      const dependency = byAlias.get(required);
      if (dependency) place(dependency, deeper);
    }
    placed.add(descriptor.alias);
    ordered.push(descriptor);
  };
  for (const descriptor of extensions) place(descriptor, new Set());
  return ordered;
}

/** Member name -> its actions (name -> HTTP method), from every extension's action map. */
function memberActions(extensions: readonly ExtensionDescriptor[]): Map<string, Map<string, HttpMethod>> {
  const actions = new Map<string, Map<string, HttpMethod>>();
  for (const descriptor of extensions) {
    for (const [member, map] of Object.entries(descriptor.actionMap ?? {})) {
      const own = actions.get(member) ?? new Map<string, HttpMethod>();
      for (const [action, method] of Object.entries(map)) own.set(action, method);
      actions.set(member, own);
    }
  }
  return actions;
}

function topLevelResources(drafts: ReadonlyMap<string, CollectionDraft>, actions: ReadonlyMap<string, Map<string, HttpMethod>>): Map<string, ApiResource> {
  const resources = new Map<string, ApiResource>();
  for (const [collection, { attributes, plugin, prefix, member, path }] of drafts) {
    resources.set(collection, {
      collection,
      member,
      attributes: 'tenant_id' in attributes ? withProjectId(attributes) : attributes,
      plugin,
      methods: pluginMethodNames(member, collection),
      prefix: splitPrefix(prefix),
      ...(path !== undefined ? { path } : {}),
      actions: actions.get(member) ?? new Map(),
    });
  }
  return resources;
}

/** The extensions' sub-resources (/v2.0/<parent>/{id}/<collection>) of the collections served, by "<parent collection>/<collection>". */
function subresourcesOf(
  extensions: readonly ExtensionDescriptor[],
  resources: ReadonlyMap<string, ApiResource>,
  supportedBy: ReadonlyMap<string, PluginBase>,
): Map<string, ApiResource> {
  const subresources = new Map<string, ApiResource>();
  for (const descriptor of extensions) {
    for (const [collection, spec] of Object.entries(descriptor.subresourceAttributeMap ?? {})) {
      const parent = resources.get(spec.parent.collectionName);
      if (!parent) continue;
      const member = descriptor.pluralMappings?.[collection] ?? singular(collection);
      subresources.set(`${parent.collection}/${collection}`, {
        collection,
        member,
        attributes: 'tenant_id' in spec.parameters ? withProjectId(spec.parameters) : spec.parameters,
        // The plugin of the extension declaring it, as neutron's extension controllers pick theirs (l3-routers under ML2's agents is L3's).
        plugin: supportedBy.get(descriptor.alias) ?? parent.plugin,
        methods: pluginMethodNames(`${spec.parent.memberName}_${member}`, `${spec.parent.memberName}_${collection}`),
        prefix: parent.prefix,
        parent: { collection: parent.collection, member: spec.parent.memberName },
        actions: new Map(),
        ...(spec.listKey ? { listKey: spec.listKey } : {}),
        ...(spec.policyActions ? { policyActions: spec.policyActions } : {}),
      });
    }
  }
  return subresources;
}

/** The sub-resources whose plugins answer them with controllers of their own; one with no controller is not served (a warning says so). */
function controllerSubresourcesOf(
  extensions: readonly ExtensionDescriptor[],
  resources: ReadonlyMap<string, ApiResource>,
  supportedBy: ReadonlyMap<string, PluginBase>,
  logger: Logger,
): Map<string, ControllerSubresource> {
  const controllerSubresources = new Map<string, ControllerSubresource>();
  for (const descriptor of extensions) {
    for (const [collection, spec] of Object.entries(descriptor.controllerSubresources ?? {})) {
      const controller = supportedBy.get(descriptor.alias)?.subresourceControllers?.[collection];
      if (!controller) {
        logger.warn('sub-resource not served: the plugin supporting its extension has no controller for it', { alias: descriptor.alias, collection });
        continue;
      }
      for (const parent of spec.parents.flatMap((name) => resources.get(name) ?? [])) {
        controllerSubresources.set(`${parent.collection}/${collection}`, {
          collection,
          parent,
          controller,
          actionStatus: spec.actionStatus ?? {},
          memberActions: spec.memberActions ?? {},
        });
      }
    }
  }
  return controllerSubresources;
}

function splitPrefix(prefix: string): string[] {
  return prefix.split('/').filter((segment) => segment !== '');
}
