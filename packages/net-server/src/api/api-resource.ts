import type { AttributeMap, HttpMethod, PluginBase, PluginMethodNames, PolicyVerb, SubresourceAction, SubresourceController } from '@net-server/lib';

/**
 * One routable API collection: its attributes (merged from every loaded
 * extension), the plugin serving it and the method names the API calls.
 * A sub-resource (/v2.0/<parent>/{id}/<collection>) has a `parent`, and its
 * plugin methods take the parent id after the context (or after the id):
 * `create<Parent><Member>(context, parentId, body)`,
 * `get<Parent><Collection>(context, parentId, options)`,
 * `get<Parent><Member>(context, id, parentId, fields)`,
 * `update<Parent><Member>(context, id, parentId, body)`,
 * `delete<Parent><Member>(context, id, parentId)`, as neutron's
 * `create_<parent>_<member>(context, <parent>_id, body)` and so on.
 */
export interface ApiResource {
  readonly collection: string;
  readonly member: string;
  readonly attributes: AttributeMap;
  readonly plugin: PluginBase;
  readonly methods: PluginMethodNames;
  /** URL segments before the collection, from the extension's apiPrefix. */
  readonly prefix: readonly string[];
  /** The collection's URL segment, when not `collectionPath(collection)` (the extension's `collectionPaths`). */
  readonly path?: string;
  readonly parent?: { readonly collection: string; readonly member: string };
  /** Member actions (PUT /routers/{id}/add_router_interface): name -> HTTP method. */
  readonly actions: ReadonlyMap<string, HttpMethod>;
  /** The key lists answer under, when not `collection` (a sub-resource's `listKey`). */
  readonly listKey?: string;
  /** A sub-resource's own policy rule names (its spec's `policyActions`). */
  readonly policyActions?: Readonly<Partial<Record<PolicyVerb, string>>>;
}

/**
 * The policy rule of an operation, named as neutron's controller names its
 * plugin handler: `create_port`, `get_policy_bandwidth_limit_rule` for a
 * sub-resource, or the name a sub-resource declares for it.
 */
export function policyAction(resource: ApiResource, verb: PolicyVerb): string {
  return resource.policyActions?.[verb] ?? `${verb}_${resource.parent ? `${resource.parent.member}_` : ''}${resource.member}`;
}

/**
 * A sub-resource its plugin answers with a controller of its own (a
 * descriptor's `controllerSubresources`): `/v2.0/<parent>/{id}/<collection>[/{member}]`.
 */
export interface ControllerSubresource {
  readonly collection: string;
  readonly parent: ApiResource;
  readonly controller: SubresourceController;
  /** Status per action where it is not 200 with a body and 204 without. */
  readonly actionStatus: Readonly<Partial<Record<SubresourceAction, number>>>;
  /** Member actions (`.../{collection}/{member}/{action}`) and the HTTP method each answers. */
  readonly memberActions: Readonly<Record<string, HttpMethod>>;
}

/** A collection's URL segment: neutron serves `security_groups` at /v2.0/security-groups. */
export function collectionPath(collection: string): string {
  return collection.replaceAll('_', '-');
}

/** A top-level collection's URL segment. */
export function resourcePath(resource: Pick<ApiResource, 'collection' | 'path'>): string {
  return resource.path ?? collectionPath(resource.collection);
}

/** neutron's plural -> singular: "policies" -> "policy", "networks" -> "network". */
export function singular(collection: string): string {
  if (collection.endsWith('ies')) return `${collection.slice(0, -3)}y`;
  if (collection.endsWith('s')) return collection.slice(0, -1);
  return collection;
}
