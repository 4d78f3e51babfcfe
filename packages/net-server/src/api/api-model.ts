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
import { singular, type ApiResource, type ControllerSubresource } from './api-resource.js';
import { API_SHIM_EXTENSIONS } from './extension-catalog.js';

/**
 * What the API serves, derived once at start from the loaded plugins (as
 * neutron's PluginAwareExtensionManager + APIRouter): the extensions whose
 * alias some plugin supports and whose required extensions are loaded too,
 * the core resources, and every collection, sub-resource and member action
 * those extensions declare, each routed to the plugin that supports it.
 */
export class ApiModel {
  /** Loaded extensions in load order (the core resources are not among them). */
  readonly extensions: readonly ExtensionDescriptor[];
  /** Top-level collections by name. */
  readonly resources: ReadonlyMap<string, ApiResource>;
  /** Sub-resources by "<parent collection>/<collection>". */
  readonly subresources: ReadonlyMap<string, ApiResource>;
  /** Sub-resources their plugins answer with controllers of their own, by "<parent collection>/<collection>". */
  readonly controllerSubresources: ReadonlyMap<string, ControllerSubresource>;

  /** `apiExtensions`: those the API layer itself implements (pagination, sorting, quotas...), always served. */
  constructor(manager: NeutronManager, catalog: ReadonlyMap<string, ExtensionDescriptor>, logger: Logger, apiExtensions: readonly ExtensionDescriptor[] = API_SHIM_EXTENSIONS) {
    const plugins = manager.getUniquePlugins();
    const supportedBy = new Map<string, PluginBase>();
    for (const plugin of plugins) {
      for (const alias of plugin.supportedExtensionAliases ?? []) if (!supportedBy.has(alias)) supportedBy.set(alias, plugin);
    }
    // As this server serves them: a plugin may adapt an extension it supports to the other plugins loaded.
    const extensions = selectExtensions(supportedBy, catalog, logger).map((descriptor) => supportedBy.get(descriptor.alias)?.adaptExtension?.(descriptor) ?? descriptor);
    this.extensions = [...extensions, ...apiExtensions.filter((shim) => !extensions.some((e) => e.alias === shim.alias))];

    const attributes = new Map<string, Record<string, AttributeMap[string]>>();
    const owners = new Map<string, PluginBase>();
    const prefixes = new Map<string, string>();
    const members = new Map<string, string>();
    // Standard-attribute extensions last: they extend the collections the others define and make none.
    const standard = extensions.filter((descriptor) => descriptor.isStandardAttrExtension === true);
    for (const descriptor of [...definitions.CORE_RESOURCES, ...extensions.filter((descriptor) => !standard.includes(descriptor)), ...standard]) {
      for (const [collection, map] of Object.entries(descriptor.resourceAttributeMap)) {
        const existing = attributes.get(collection);
        if (existing) {
          Object.assign(existing, map);
          continue;
        }
        if (descriptor.isStandardAttrExtension === true) continue;
        attributes.set(collection, { ...map });
        const plugin = manager.getPluginForResource(collection) ?? supportedBy.get(descriptor.alias) ?? manager.corePlugin;
        owners.set(collection, plugin);
        manager.setPluginForResource(collection, plugin);
        prefixes.set(collection, descriptor.apiPrefix ?? '');
        members.set(collection, descriptor.pluralMappings?.[collection] ?? singular(collection));
      }
    }
    const actions = new Map<string, Map<string, HttpMethod>>();
    for (const descriptor of extensions) {
      for (const [member, map] of Object.entries(descriptor.actionMap ?? {})) {
        const own = actions.get(member) ?? new Map<string, HttpMethod>();
        for (const [action, method] of Object.entries(map)) own.set(action, method);
        actions.set(member, own);
      }
    }
    const resources = new Map<string, ApiResource>();
    for (const [collection, map] of attributes) {
      const member = members.get(collection)!;
      resources.set(collection, {
        collection,
        member,
        attributes: 'tenant_id' in map ? withProjectId(map) : map,
        plugin: owners.get(collection)!,
        methods: pluginMethodNames(member, collection),
        prefix: splitPrefix(prefixes.get(collection) ?? ''),
        actions: actions.get(member) ?? new Map(),
      });
    }
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
    const controllerSubresources = new Map<string, ControllerSubresource>();
    for (const descriptor of extensions) {
      for (const [collection, spec] of Object.entries(descriptor.controllerSubresources ?? {})) {
        const controller = supportedBy.get(descriptor.alias)?.subresourceControllers?.[collection];
        if (!controller) {
          logger.warn('sub-resource not served: the plugin supporting its extension has no controller for it', { alias: descriptor.alias, collection });
          continue;
        }
        for (const parent of spec.parents.flatMap((name) => resources.get(name) ?? [])) {
          controllerSubresources.set(`${parent.collection}/${collection}`, { collection, parent, controller, actionStatus: spec.actionStatus ?? {} });
        }
      }
    }
    this.resources = resources;
    this.subresources = subresources;
    this.controllerSubresources = controllerSubresources;
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

/**
 * The supported aliases that have a descriptor, dropping (with a warning)
 * those whose required extensions are not loaded, as neutron does.
 */
function selectExtensions(
  supportedBy: ReadonlyMap<string, PluginBase>,
  catalog: ReadonlyMap<string, ExtensionDescriptor>,
  logger: Logger,
): ExtensionDescriptor[] {
  const core = new Set(definitions.CORE_RESOURCES.map((descriptor) => descriptor.alias));
  const unknown = [...supportedBy.keys()].filter((alias) => !catalog.has(alias) && !core.has(alias));
  if (unknown.length > 0) {
    logger.warn('plugins support extensions that have no descriptor; they are not served', {
      aliases: unknown,
      hint: `declare them under the net_server.api.extensions entry point namespace`,
    });
  }
  let selected = [...supportedBy.keys()].filter((alias) => !core.has(alias)).flatMap((alias) => catalog.get(alias) ?? []);
  for (;;) {
    const aliases = new Set(selected.map((descriptor) => descriptor.alias));
    const unmet = selected.filter((descriptor) => descriptor.requiredExtensions.some((required) => !aliases.has(required)));
    if (unmet.length === 0) return selected;
    for (const descriptor of unmet) {
      logger.warn('extension not loaded: a required extension is missing', {
        alias: descriptor.alias,
        requires: descriptor.requiredExtensions.filter((required) => !aliases.has(required)),
      });
    }
    selected = selected.filter((descriptor) => !unmet.includes(descriptor));
  }
}

function splitPrefix(prefix: string): string[] {
  return prefix.split('/').filter((segment) => segment !== '');
}
