import {
  AttributeInfo,
  BadRequest,
  HTTPBadRequest,
  NeutronException,
  getAdminContext,
  type Context,
  type CorePluginCapabilities,
  type ListOptions,
  type ResourceDict,
  type SubresourceAction,
  type SubresourceParent,
} from '@net-server/lib';
import { withTransactionConstraint } from '../db-base-plugin/transaction-constraint.js';
import type { QuotaEngine } from '../quota/quota-engine.js';
import type { ApiModel } from './api-model.js';
import { policyAction, type ApiResource, type ControllerSubresource } from './api-resource.js';
import { HTTPForbidden, HTTPMethodNotAllowed, HTTPNotFound } from './http-errors.js';
import { paginate, paginationLinks, sortItems } from './list-emulation.js';
import { parseListQuery } from './list-query.js';
import { actionPluginMethod, callPlugin, hasPluginMethod } from './plugin-call.js';
import { checkRevision, REVISION_IF_MATCH, revisionConstraint } from './revision-constraint.js';
import type { ParentLookup, PolicyEnforcer, PolicyTarget } from './policy/policy-enforcer.js';

export interface ControllerOptions {
  model: ApiModel;
  policy: PolicyEnforcer;
  allowBulk: boolean;
  validateFilters: boolean;
  maxLimit: number;
  /** Project limits checked before creates; none when quotas are off. */
  quotas?: QuotaEngine;
}

/** One request on a resource, as the router matched it. */
export interface ResourceCall {
  context: Context;
  resource: ApiResource;
  params: URLSearchParams;
  /** scheme://host/path of the request, for pagination links. */
  url: string;
  body: Record<string, unknown> | undefined;
  id?: string;
  parentId?: string;
  /** The request's If-Match header (revision-if-match). */
  ifMatch?: string;
}

/** One request to a sub-resource its plugin controls. */
export interface ControlledCall {
  context: Context;
  subresource: ControllerSubresource;
  method: string;
  parentId: string;
  id?: string;
  /** A member action the sub-resource declares (`.../{collection}/{id}/{action}`). */
  action?: string;
  /** Any JSON value: the controller checks it. */
  body: unknown;
}

export interface ApiResult {
  status: number;
  body?: unknown;
}

const badRequest = (msg: string): NeutronException => new HTTPBadRequest({ msg });

/**
 * list, show, create (single and bulk), update and delete of any resource,
 * as neutron's v2 Controller with its pecan hooks: request bodies through
 * AttributeInfo, policy on the request and on every returned item and
 * attribute, emulated sorting and pagination for plugins without native
 * support, and existence hidden (404) from callers who may not see a resource.
 */
export class ResourceController {
  readonly #rulesByResource = new Map<ApiResource, ReadonlyMap<string, string>>();
  /** As neutron's is_empty_string_filtering_supported: a plugin serves `empty-string-filtering` (ML2 does). */
  readonly #emptyStringFiltering: boolean;
  readonly #revisionIfMatch: boolean;

  constructor(private readonly options: ControllerOptions) {
    this.#emptyStringFiltering = options.model.extensions.some((extension) => extension.alias === 'empty-string-filtering');
    this.#revisionIfMatch = options.model.extensions.some((extension) => extension.alias === REVISION_IF_MATCH);
  }

  async list(call: ResourceCall): Promise<ApiResult> {
    const { resource, context, params } = call;
    const query = parseListQuery(params, resource.attributes, {
      validateFilters: this.options.validateFilters,
      maxLimit: this.options.maxLimit,
      emptyStringFiltering: this.#emptyStringFiltering,
    });
    const capabilities = resource.plugin as CorePluginCapabilities;
    const nativeSorting = capabilities.nativeSortingSupport === true;
    const nativePagination = capabilities.nativePaginationSupport === true;
    const key = primaryKeyOf(resource);
    const extraFields = new Set<string>();
    if (query.fields.length > 0) {
      for (const name of this.#policyFields(resource)) extraFields.add(name);
      if (query.limit > 0) extraFields.add(key);
      if (!nativeSorting) for (const sort of query.sorts) extraFields.add(sort.key);
    }
    const options: ListOptions = {
      filters: query.filters,
      ...(query.fields.length > 0 ? { fields: [...new Set([...query.fields, ...extraFields])] } : {}),
    };
    if (nativeSorting || (nativePagination && query.limit > 0)) options.sorts = query.sorts;
    if (nativePagination && query.limit > 0) {
      if (!query.sorts.some((sort) => sort.key === key)) options.sorts = [...query.sorts, { key, direction: 'asc' }];
      options.limit = query.limit;
      if (query.marker !== undefined) options.marker = query.marker;
      options.pageReverse = query.pageReverse;
    }
    let items = (await this.#invoke(resource, 'list', call, options)) as ResourceDict[];
    if (!Array.isArray(items)) items = [];
    if (!nativeSorting) items = sortItems(items, query.sorts);
    if (!nativePagination) items = paginate(items, query.limit, query.marker, query.pageReverse, key);
    const lookup = this.#lookup(context);
    const visible: ResourceDict[] = [];
    for (const item of items) {
      const seen = this.#maySee(context, resource, item, lookup);
      if (typeof seen === 'boolean' ? seen : await seen) visible.push(item);
    }
    const shown = fieldsShown(capabilities, query.fields, options.fields);
    const shaped = visible.map((item) => this.#shape(context, resource, item, shown, lookup));
    const body: Record<string, unknown> = {
      [resource.listKey ?? resource.collection]: shaped.every((item) => !(item instanceof Promise)) ? shaped : await Promise.all(shaped),
    };
    const links = paginationLinks(call.url, params, visible, query.limit, query.pageReverse, key);
    if (links.length > 0) body[`${resource.listKey ?? resource.collection}_links`] = links;
    return { status: 200, body };
  }

  async show(call: ResourceCall): Promise<ApiResult> {
    const { resource, context } = call;
    const fields = call.params.getAll('fields').filter((field) => field !== '');
    const pluginFields = fields.length > 0 ? [...new Set([...fields, ...this.#policyFields(resource)])] : undefined;
    const item = (await this.#invoke(resource, 'get', call, pluginFields)) as ResourceDict;
    const lookup = this.#lookup(context);
    if (!(await this.#maySee(context, resource, item, lookup))) throw new HTTPNotFound({});
    const shown = fieldsShown(resource.plugin as CorePluginCapabilities, fields, pluginFields);
    return { status: 200, body: { [resource.member]: await this.#shape(context, resource, item, shown, lookup) } };
  }

  async create(call: ResourceCall): Promise<ApiResult> {
    const { resource, context } = call;
    const { items, bulk } = this.#prepareBody(call, true);
    const lookup = this.#lookup(context);
    for (const item of items) {
      await this.#checkNetworkOwnership(context, resource, item);
      await this.options.policy.enforce(context, policyAction(resource, 'create'), item, { collection: resource.collection, lookup });
    }
    if (!resource.parent) await this.options.quotas?.checkCreate(resource.member, items);
    let created: ResourceDict[];
    const bulkMethod = `${resource.methods.create}Bulk`;
    if (bulk && !resource.parent && hasPluginMethod(resource.plugin, bulkMethod)) {
      created = (await callPlugin(resource.plugin, bulkMethod, context, items)) as ResourceDict[];
    } else {
      created = await this.#createEach(call, items);
    }
    const shaped = await Promise.all(created.map((item) => this.#shape(context, resource, item, everyField, lookup)));
    return { status: 201, body: bulk ? { [resource.collection]: shaped } : { [resource.member]: shaped[0] } };
  }

  async update(call: ResourceCall): Promise<ApiResult> {
    const { resource, context } = call;
    const expected = this.#revisionConstraint(call);
    const [changes] = this.#prepareBody(call, false).items as [Record<string, unknown>];
    const original = (await this.#invoke(resource, 'get', call, undefined)) as ResourceDict;
    const lookup = this.#lookup(context);
    await this.#enforceOnExisting(context, resource, policyAction(resource, 'update'), { ...original, ...changes }, lookup, Object.keys(changes), {
      ...this.#updateFields(resource, original),
      ...changes,
    });
    const updated = (await this.#constrained(call, original, expected, () => this.#invoke(resource, 'update', call, changes))) as ResourceDict;
    return { status: 200, body: { [resource.member]: await this.#shape(context, resource, updated, everyField, lookup) } };
  }

  async delete(call: ResourceCall): Promise<ApiResult> {
    const { resource, context } = call;
    const expected = this.#revisionConstraint(call);
    const original = (await this.#invoke(resource, 'get', call, undefined)) as ResourceDict;
    await this.#enforceOnExisting(context, resource, policyAction(resource, 'delete'), original, this.#lookup(context));
    await this.#constrained(call, original, expected, () => this.#invoke(resource, 'delete', call, undefined));
    return { status: 204 };
  }

  /** The revision `If-Match` constrains a change of the resource to; BadRequest for a resource without revisions, as neutron's revision plugin. */
  #revisionConstraint(call: ResourceCall): number | undefined {
    const expected = revisionConstraint(call.ifMatch, this.#revisionIfMatch);
    if (expected !== undefined && !('revision_number' in call.resource.attributes)) {
      throw new BadRequest({ resource: call.resource.collection, msg: 'Revision matching not supported for this resource' });
    }
    return expected;
  }

  /**
   * Makes a change constrained to a revision: checked against the resource
   * as the API found it, then again inside the plugin's first write
   * transaction (transaction-constraint.ts), which is what makes it hold
   * against concurrent changes, as neutron checks it at the flush. Plugins
   * that keep no data in net-server's database get the first check only.
   */
  async #constrained(call: ResourceCall, found: ResourceDict, expected: number | undefined, change: () => Promise<unknown>): Promise<unknown> {
    if (expected === undefined) return change();
    checkRevision(found, expected);
    const verify = async (): Promise<void> => checkRevision((await this.#invoke(call.resource, 'get', call, undefined)) as ResourceDict, expected);
    return withTransactionConstraint({ verify }, change);
  }

  /** A member action such as PUT /routers/{id}/add_router_interface: policy on the resource, then the plugin method. */
  async action(call: ResourceCall, action: string): Promise<ApiResult> {
    const { resource, context } = call;
    const original = (await this.#invoke(resource, 'get', call, undefined)) as ResourceDict;
    await this.#enforceOnExisting(context, resource, action, original, this.#lookup(context));
    const result = await callPlugin(resource.plugin, actionPluginMethod(action), context, call.id, call.body ?? {});
    return { status: 200, body: result ?? {} };
  }

  /**
   * A request to a sub-resource its plugin controls (neutron's shim
   * controllers of ResourceExtensions): the action the method names, with
   * the parent as the caller may reach it; the plugin's answer is the body,
   * with the action's status (200 with a body, 204 without, unless the
   * extension says otherwise).
   */
  async controlled(call: ControlledCall): Promise<ApiResult> {
    const { context, subresource } = call;
    const memberAction = call.action;
    const action = memberAction === undefined ? controlledAction(call.method, call.id !== undefined) : undefined;
    const handler =
      memberAction === undefined
        ? action === undefined
          ? undefined
          : subresource.controller[action]
        : subresource.memberActions[memberAction] === call.method
          ? subresource.controller.memberActions?.[memberAction]
          : undefined;
    if (handler === undefined) throw new HTTPMethodNotAllowed({ method: call.method });
    const resource = subresource.parent;
    const lookup = this.#lookup(context);
    const parent: SubresourceParent = {
      collection: resource.collection,
      member: resource.member,
      id: call.parentId,
      find: async () => {
        let item: ResourceDict;
        try {
          item = (await callPlugin(resource.plugin, resource.methods.get, context, call.parentId, undefined)) as ResourceDict;
        } catch (error) {
          if (error instanceof NeutronException && error.httpStatus === 404) return undefined;
          throw error;
        }
        return (await this.#maySee(context, resource, item, lookup)) ? item : undefined;
      },
      authorize: (policyAction, target, attributes) => this.#enforceOnExisting(context, resource, policyAction, target, lookup, attributes),
    };
    // A controller is an object whose actions may use `this`.
    const result = await handler.call(subresource.controller, {
      context,
      parent,
      ...(call.id !== undefined ? { id: call.id } : {}),
      ...(call.body !== undefined ? { body: call.body } : {}),
    });
    const status = (action === undefined ? undefined : subresource.actionStatus[action]) ?? (result === undefined ? 204 : 200);
    return status === 204 || result === undefined ? { status } : { status, body: result };
  }

  /** Calls one of the plugin's five methods with neutron's argument order, parent id included. */
  #invoke(resource: ApiResource, operation: 'list' | 'get' | 'update' | 'delete', call: ResourceCall, extra: unknown): Promise<unknown> {
    const parent = resource.parent ? [call.parentId] : [];
    const name = resource.methods[operation];
    switch (operation) {
      case 'list':
        return callPlugin(resource.plugin, name, call.context, ...parent, extra);
      case 'get':
        return callPlugin(resource.plugin, name, call.context, call.id, ...parent, extra);
      case 'update':
        return callPlugin(resource.plugin, name, call.context, call.id, ...parent, extra);
      case 'delete':
        return callPlugin(resource.plugin, name, call.context, call.id, ...parent);
    }
  }

  /** Creates one by one; a failure deletes those already created, so a bulk create is all or nothing. */
  async #createEach(call: ResourceCall, items: Record<string, unknown>[]): Promise<ResourceDict[]> {
    const { resource, context } = call;
    const parent = resource.parent ? [call.parentId] : [];
    const created: ResourceDict[] = [];
    try {
      for (const item of items) {
        created.push((await callPlugin(resource.plugin, resource.methods.create, context, ...parent, item)) as ResourceDict);
      }
    } catch (error) {
      const admin = context.elevated();
      for (const done of created.reverse()) {
        await callPlugin(resource.plugin, resource.methods.delete, admin, done['id'], ...parent).catch(() => undefined);
      }
      throw error;
    }
    return created;
  }

  /** neutron's prepare_request_body for one item or, on create, a bulk list. */
  #prepareBody(call: ResourceCall, isCreate: boolean): { items: Record<string, unknown>[]; bulk: boolean } {
    const { resource, context, body } = call;
    if (body === undefined || Object.keys(body).length === 0) throw badRequest('Resource body required');
    if (resource.collection in body) {
      if (!isCreate || !this.options.allowBulk) throw badRequest('Bulk operation not supported');
      const list = body[resource.collection];
      if (!Array.isArray(list)) throw badRequest(list ? 'Body contains invalid data' : 'Resources required');
      if (list.length === 0) throw badRequest('Resources required');
      const items = list.map((entry: unknown) => {
        const wrapped = isRecord(entry) && resource.member in entry ? entry[resource.member] : entry;
        return this.#prepareItem(resource, context, wrapped, isCreate);
      });
      return { items, bulk: true };
    }
    const item = body[resource.member];
    if (item === undefined || item === null) throw badRequest(`Unable to find '${resource.member}' in request body`);
    return { items: [this.#prepareItem(resource, context, item, isCreate)], bulk: false };
  }

  #prepareItem(resource: ApiResource, context: Context, value: unknown, isCreate: boolean): Record<string, unknown> {
    if (!isRecord(value)) throw badRequest(`Object '${resource.member}' contains invalid data`);
    const item: Record<string, unknown> = { ...value };
    const info = new AttributeInfo(resource.attributes);
    info.populateProjectId(context, item, isCreate);
    info.verifyAttributes(item);
    if (isCreate) info.fillPostDefaults(item, { error: badRequest });
    else info.checkPutAllowed(item, badRequest);
    info.convertValues(item, badRequest);
    return item;
  }

  /**
   * Enforces an update, delete or action policy; a caller who may not even
   * see the resource gets 404 instead of 403, so its existence stays hidden.
   */
  async #enforceOnExisting(
    context: Context,
    resource: ApiResource,
    action: string,
    target: PolicyTarget,
    lookup: ParentLookup,
    attributesToUpdate?: readonly string[],
    seenAs: PolicyTarget = target,
  ): Promise<void> {
    try {
      await this.options.policy.enforce(context, action, target, {
        collection: resource.collection,
        lookup,
        ...(attributesToUpdate ? { attributesToUpdate } : {}),
      });
    } catch (error) {
      if (!(await this.#maySee(context, resource, seenAs, lookup))) throw new HTTPNotFound({});
      throw error;
    }
  }

  /**
   * The resource as neutron's update reads it before its policy checks
   * (base.py's field_list): without the attributes that have a default and
   * are neither required by policy nor the key. A refused update is a 404
   * when the caller could not see the resource as read so: a shared
   * address group (`shared` has a default) is not the target's to see
   * there, as in neutron.
   */
  #updateFields(resource: ApiResource, item: ResourceDict): ResourceDict {
    return Object.fromEntries(
      Object.entries(item).filter(([name]) => {
        const spec = resource.attributes[name];
        return spec === undefined || spec.requiredByPolicy === true || spec.primaryKey === true || !('default' in spec);
      }),
    );
  }

  /**
   * Ports and subnets go only on the caller's own or shared networks
   * (neutron's OwnershipValidationHook): a network the caller cannot see is
   * the plugin's 404, one they see but do not own a 403. Only the two
   * attributes the check reads are asked for, which spares a plugin that
   * honours `fields` reading the network's subnets and tags.
   */
  async #checkNetworkOwnership(context: Context, resource: ApiResource, item: Record<string, unknown>): Promise<void> {
    if (context.isAdmin || context.isAdvsvc || resource.parent || !['port', 'subnet'].includes(resource.member)) return;
    const networks = this.options.model.resources.get('networks');
    if (!networks || typeof item['network_id'] !== 'string') return;
    const network = (await callPlugin(networks.plugin, networks.methods.get, context, item['network_id'], OWNERSHIP_FIELDS)) as ResourceDict;
    if (network['shared'] === true) return;
    if (network['tenant_id'] !== item['tenant_id']) {
      throw new HTTPForbidden({ msg: `Tenant ${String(item['tenant_id'])} not allowed to create ${resource.member} on this network` });
    }
  }

  #maySee(context: Context, resource: ApiResource, item: PolicyTarget, lookup: ParentLookup): boolean | Promise<boolean> {
    if (context.isAdmin) return true;
    return this.options.policy.decide(context, policyAction(resource, 'get'), item, { collection: resource.collection, lookup });
  }

  /** Attributes policy checks need even when the caller asked for other fields. */
  #policyFields(resource: ApiResource): string[] {
    return Object.entries(resource.attributes)
      .filter(([, spec]) => spec.requiredByPolicy === true || spec.primaryKey === true)
      .map(([name]) => name);
  }

  /**
   * The item as the caller may see it: visible attributes, those `shown`
   * keeps (fieldsShown), each allowed by its `get_<member>:<attribute>`
   * rule. Answered at once unless a rule needs a parent resource looked up.
   */
  #shape(
    context: Context,
    resource: ApiResource,
    item: ResourceDict,
    shown: (name: string) => boolean,
    lookup: ParentLookup,
  ): ResourceDict | Promise<ResourceDict> {
    const rules = this.#attributeRules(resource);
    const allowed: [string, unknown, boolean | Promise<boolean>][] = [];
    let pending = false;
    for (const name in item) {
      const value = item[name];
      const spec = resource.attributes[name];
      if (spec?.isVisible !== true || typeof value === 'symbol' || value === undefined) continue;
      if (!shown(name)) continue;
      const rule = rules.get(name);
      const decision = rule === undefined ? true : this.options.policy.decide(context, rule, item, { collection: resource.collection, lookup });
      pending ||= typeof decision !== 'boolean';
      allowed.push([name, value, decision]);
    }
    if (!pending) return shapedFrom(allowed as [string, unknown, boolean][]);
    return Promise.all(allowed.map(async ([name, value, decision]): Promise<[string, unknown, boolean]> => [name, value, await decision])).then(shapedFrom);
  }

  /** Attribute -> its `get_<member>:<attribute>` rule, for the attributes that have one (the rules are fixed once loaded). */
  #attributeRules(resource: ApiResource): ReadonlyMap<string, string> {
    let rules = this.#rulesByResource.get(resource);
    if (!rules) {
      rules = new Map(
        Object.keys(resource.attributes)
          .map((name) => [name, `${policyAction(resource, 'get')}:${name}`] as const)
          .filter(([, rule]) => this.options.policy.rules.has(rule)),
      );
      this.#rulesByResource.set(resource, rules);
    }
    return rules;
  }

  /** Parent resources for owner checks, fetched as admin once per request. */
  #lookup(context: Context): ParentLookup {
    const cache = new Map<string, Promise<PolicyTarget | undefined>>();
    const admin = context.isAdmin ? context : getAdminContext();
    return (member, id) => {
      const key = `${member}/${id}`;
      let found = cache.get(key);
      if (!found) {
        const parent = this.options.model.byMember(member);
        // A parent that is gone is the plugin's 404, as neutron's OwnerCheck lets it surface.
        found = parent ? (callPlugin(parent.plugin, parent.methods.get, admin, id, undefined) as Promise<PolicyTarget>) : Promise.resolve(undefined);
        cache.set(key, found);
      }
      return found;
    };
  }
}

/** The network attributes the ownership check reads. */
const OWNERSHIP_FIELDS: readonly string[] = ['id', 'tenant_id', 'shared'];

/** neutron's controller action for a method on a sub-resource's collection or member. */
function controlledAction(method: string, onMember: boolean): SubresourceAction | undefined {
  const actions: Readonly<Record<string, SubresourceAction>> = onMember
    ? { GET: 'show', PUT: 'update', DELETE: 'delete' }
    : { GET: 'index', POST: 'create', PUT: 'updateAll', DELETE: 'deleteAll' };
  return actions[method];
}

/** The attribute that names a member (neutron's primary_key): `id`, or e.g. `network_id` for network IP availabilities. */
const everyField = (): boolean => true;

/**
 * Which attributes of an answer the caller gets: every one without
 * `fields`; else those asked for or, from a plugin that selects them
 * itself (nativeFieldSelectionSupport), every one it answered but those the
 * API asked it for besides them (neutron's fields_to_strip).
 */
function fieldsShown(plugin: CorePluginCapabilities, asked: readonly string[], sent: readonly string[] | undefined): (name: string) => boolean {
  if (asked.length === 0) return everyField;
  if (plugin.nativeFieldSelectionSupport !== true) return (name) => asked.includes(name);
  const added = new Set((sent ?? []).filter((name) => !asked.includes(name)));
  return (name) => !added.has(name);
}

function primaryKeyOf(resource: ApiResource): string {
  return Object.entries(resource.attributes).find(([, spec]) => spec.primaryKey === true)?.[0] ?? 'id';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The allowed attributes of a shaped item; tenant_id hidden hides project_id too. */
function shapedFrom(decisions: readonly [string, unknown, boolean][]): ResourceDict {
  const shaped: ResourceDict = {};
  let tenantHidden = false;
  for (const [name, value, allowed] of decisions) {
    if (allowed) shaped[name] = value;
    else tenantHidden ||= name === 'tenant_id';
  }
  if (tenantHidden) delete shaped['project_id'];
  return shaped;
}
