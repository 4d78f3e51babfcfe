import type { Context } from './context.js';
import type { ResourceDict } from './resources.js';

/**
 * The actions of a plugin-controlled sub-resource, as neutron's controller
 * methods: on the collection `GET` (index), `POST` (create), `PUT`
 * (updateAll, neutron's update_all) and `DELETE` (deleteAll); on a member
 * `GET` (show), `PUT` (update) and `DELETE` (delete).
 */
export type SubresourceAction = 'index' | 'create' | 'updateAll' | 'deleteAll' | 'show' | 'update' | 'delete';

/** The parent of a sub-resource request, `/{collection}/{id}/...`, as the caller may reach it. */
export interface SubresourceParent {
  /** e.g. "networks" */
  readonly collection: string;
  /** e.g. "network" */
  readonly member: string;
  readonly id: string;
  /**
   * The parent as the caller sees it (its plugin's `get<Member>` with the
   * caller's context, then the `get_<member>` policy), or undefined when it
   * does not exist or is hidden from the caller. Called inside a
   * transaction of the core plugin's TransactionRunner, the lookup joins it.
   */
  find(): Promise<ResourceDict | undefined>;
  /**
   * Enforces a policy action (e.g. `update_network`) on the parent as
   * `find` returned it, for the caller, with the `<action>:<attribute>`
   * rules of the attributes named: PolicyNotAuthorized (403) when refused.
   */
  authorize(action: string, parent: ResourceDict, attributes?: readonly string[]): Promise<void>;
}

export interface SubresourceRequest {
  readonly context: Context;
  readonly parent: SubresourceParent;
  /** The member named in the URL (`/networks/{id}/tags/{tag}`), for show, update and delete. */
  readonly id?: string;
  /**
   * The JSON body of a PUT or POST, any JSON value: as neutron's extension
   * resources, the controller checks it, or ignores it (adding a tag).
   * Undefined when none was sent.
   */
  readonly body?: unknown;
}

/**
 * A plugin's own controller for a sub-resource its extension declares in
 * `controllerSubresources` (neutron's ResourceExtension with a controller
 * of its own, as the tagging extension's): the API calls the action the
 * request maps to and answers with what it returns as the body (none for
 * undefined). An action the controller lacks answers 405.
 */
export type SubresourceController = { readonly [A in SubresourceAction]?: SubresourceHandler } & {
  /** The member actions its spec declares in `memberActions`, by name; the answer is the body (200). */
  readonly memberActions?: Readonly<Record<string, SubresourceHandler>>;
};

/** One action of a SubresourceController. */
export type SubresourceHandler = (request: SubresourceRequest) => Promise<unknown>;
