import type { HttpMethod } from '@net-server/lib';
import type { ApiModel } from './api-model.js';
import { resourcePath, type ApiResource, type ControllerSubresource } from './api-resource.js';

export interface ResourceRoute {
  resource: ApiResource;
  id?: string;
  parentId?: string;
  action?: string;
  actionMethod?: HttpMethod;
}

/** A request to a sub-resource its plugin controls: `parent parentId collection [id]`. */
export interface ControlledRoute {
  subresource: ControllerSubresource;
  parentId: string;
  id?: string;
  /** A member action the sub-resource declares: `parent parentId collection id action`. */
  action?: string;
}

/**
 * Matches the path after /v2.0 to a resource: `[prefix..] collection`,
 * `collection id`, `collection id action`, `parent id collection` and
 * `parent id collection id`, the last two for the parent's sub-resources
 * and those their plugins control, and `parent id collection id action`
 * for a member action of a controlled one. Controlled sub-resources of a
 * parent with a path prefix are also reached without the prefix, where
 * neutron's ResourceExtensions with a parent sit (the tags of QoS
 * policies: `/v2.0/policies/{id}/tags`).
 */
export function routeResource(model: ApiModel, segments: readonly string[]): ResourceRoute | ControlledRoute | undefined {
  for (const resource of model.resources.values()) {
    const head = [...resource.prefix, resourcePath(resource)];
    if (segments.length < head.length || head.some((segment, index) => !samePathSegment(segments[index]!, segment))) continue;
    const [id, next, subId, memberAction, ...extra] = segments.slice(head.length);
    if (extra.length > 0) return undefined;
    if (id === undefined) return { resource };
    if (next === undefined) return { resource, id };
    const actionMethod = resource.actions.get(next);
    if (actionMethod !== undefined && subId === undefined) return { resource, id, action: next, actionMethod };
    const sub = model.subresources.get(`${resource.collection}/${next.replaceAll('-', '_')}`);
    if (sub && memberAction !== undefined) return undefined;
    if (sub) return subId === undefined ? { resource: sub, parentId: id } : { resource: sub, parentId: id, id: subId };
    const controlled = model.controllerSubresources.get(`${resource.collection}/${next}`);
    return controlled && controlledRoute(controlled, id, subId, memberAction);
  }
  return routeUnprefixed(model, segments);
}

/** `parent id collection [id [action]]` for a controlled sub-resource of a parent that has a path prefix, without it. */
function routeUnprefixed(model: ApiModel, segments: readonly string[]): ControlledRoute | undefined {
  const [parentPath, parentId, next, subId, memberAction, ...extra] = segments;
  if (parentId === undefined || next === undefined || extra.length > 0) return undefined;
  for (const resource of model.resources.values()) {
    if (resource.prefix.length === 0 || resourcePath(resource) !== parentPath) continue;
    const controlled = model.controllerSubresources.get(`${resource.collection}/${next}`);
    if (controlled) return controlledRoute(controlled, parentId, subId, memberAction);
  }
  return undefined;
}

/**
 * Whether a request's segment names a collection's: neutron's
 * get_controller_for_resource finds a controller by the name with dashes
 * or with underscores, so /v2.0/local_ips is /v2.0/local-ips.
 */
function samePathSegment(requested: string, segment: string): boolean {
  return requested === segment || requested.replaceAll('_', '-') === segment.replaceAll('_', '-');
}

function controlledRoute(
  controlled: ControllerSubresource,
  parentId: string,
  subId: string | undefined,
  memberAction: string | undefined,
): ControlledRoute | undefined {
  if (memberAction !== undefined)
    return Object.hasOwn(controlled.memberActions, memberAction) ? { subresource: controlled, parentId, id: subId!, action: memberAction } : undefined;
  return subId === undefined ? { subresource: controlled, parentId } : { subresource: controlled, parentId, id: subId };
}
