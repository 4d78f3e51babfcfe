import type { SubresourceAction } from '../plugins/subresource-controller.js';
import type { ResourceAttributeMap, SubResourceSpec } from './attribute.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * An API extension as data, as neutron_lib.api.definitions modules describe
 * one. Collections in `resourceAttributeMap` that already exist are extended
 * with the listed attributes; new ones become new top-level resources served
 * by the plugin whose type is `serviceType` (the core plugin when absent).
 */
export interface ExtensionDescriptor {
  readonly alias: string;
  readonly name: string;
  readonly description: string;
  /** ISO timestamp, e.g. "2012-01-01T10:00:00-00:00". */
  readonly updated: string;
  /** URL prefix of new resources, e.g. "/lbaas"; none for most extensions. */
  readonly apiPrefix?: string;
  /** Advertised without changing the API (a marker other extensions depend on). */
  readonly isShimExtension?: boolean;
  /**
   * Adds standard attributes (tags, timestamps...) to resources other
   * extensions define: its `resourceAttributeMap` only extends collections
   * the API serves and never makes new ones.
   */
  readonly isStandardAttrExtension?: boolean;
  readonly resourceAttributeMap: ResourceAttributeMap;
  /** Sub-resource collection name -> spec. */
  readonly subresourceAttributeMap?: Readonly<Record<string, SubResourceSpec>>;
  /** Sub-resources the extension's plugin answers itself, by collection name (e.g. "tags"). */
  readonly controllerSubresources?: Readonly<Record<string, ControllerSubresourceSpec>>;
  /** Member actions: member name -> action name -> HTTP method, e.g. router.add_router_interface: PUT. */
  readonly actionMap?: Readonly<Record<string, Readonly<Record<string, HttpMethod>>>>;
  /** HTTP status per action (e.g. { create: 201 }) where it differs from the default. */
  readonly actionStatus?: Readonly<Record<string, number>>;
  /**
   * Collection -> its URL segment where it keeps its underscores: neutron
   * serves most new collections with dashes (`address_scopes` at
   * /v2.0/address-scopes) but some as named (/v2.0/availability_zones).
   */
  readonly collectionPaths?: Readonly<Record<string, string>>;
  /** Collection -> member name for new collections whose singular is not the plural minus "s". */
  readonly pluralMappings?: Readonly<Record<string, string>>;
  /** Service type of the plugin that serves this extension's new resources. */
  readonly serviceType?: string;
  /** Aliases that must be loaded for this one to load. */
  readonly requiredExtensions: readonly string[];
  /** Aliases this one works with when present. */
  readonly optionalExtensions: readonly string[];
}

/**
 * A sub-resource whose requests the plugin supporting the extension answers
 * with a controller of its own (its `subresourceControllers[collection]`),
 * as neutron's ResourceExtension with its own controller (the tagging
 * extension's): `/{parent}/{id}/{collection}` and
 * `/{parent}/{id}/{collection}/{member}`, under each listed parent the API
 * serves.
 */
export interface ControllerSubresourceSpec {
  /** Parent collections, e.g. ["networks", "routers"]. */
  readonly parents: readonly string[];
  /** HTTP status per action (neutron's action_status); otherwise 200 with a body, 204 without. */
  readonly actionStatus?: Readonly<Partial<Record<SubresourceAction, number>>>;
  /**
   * Actions on a member, `/{parent}/{id}/{collection}/{member}/{action}`, by
   * name, with the HTTP method each answers (neutron's member_actions, e.g.
   * a port binding's `activate`: PUT); the controller's `memberActions`
   * answer them.
   */
  readonly memberActions?: Readonly<Record<string, HttpMethod>>;
}
