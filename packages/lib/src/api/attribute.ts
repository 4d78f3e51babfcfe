/**
 * The shape of neutron's RESOURCE_ATTRIBUTE_MAP entries: what the API layer
 * reads to validate, convert, default, filter, sort and authorise each
 * attribute of a resource.
 */

/**
 * Default meaning "the user gave no value and none is implied": the attribute
 * is required on create when this is absent as a default, and plugins see
 * this sentinel when an optional attribute was left out (neutron's
 * constants.ATTR_NOT_SPECIFIED).
 */
export const ATTR_NOT_SPECIFIED: unique symbol = Symbol.for('net-server.ATTR_NOT_SPECIFIED');
export type AttrNotSpecified = typeof ATTR_NOT_SPECIFIED;

/** Whether a value is the ATTR_NOT_SPECIFIED sentinel. */
export function isAttrSpecified<T>(value: T | AttrNotSpecified): value is T {
  return value !== ATTR_NOT_SPECIFIED;
}

/** Turns a request value into its stored form; throws InvalidInput on bad input. */
export type Converter = (value: unknown) => unknown;

/**
 * Which validator checks the value and its argument, as neutron's
 * `{'type:string': 255}`: `{ type: 'type:string', arg: 255 }`. Validators are
 * looked up by name so that extensions can register their own.
 */
export interface ValidateSpec {
  readonly type: string;
  readonly arg?: unknown;
}

export interface AttributeSpec {
  /** Accepted in a create (POST) body. */
  readonly allowPost: boolean;
  /** Accepted in an update (PUT) body. */
  readonly allowPut: boolean;
  /** Value used when a create omits the attribute; absent means required on create. */
  readonly default?: unknown;
  readonly validate?: ValidateSpec;
  /** Applied before validation. */
  readonly convertTo?: Converter;
  /** Applied to each value of a list filter on this attribute. */
  readonly convertListTo?: Converter;
  /** Returned in responses. */
  readonly isVisible: boolean;
  /** Usable as a query filter in list requests. */
  readonly isFilter?: boolean;
  /** Usable as a sort key in list requests. */
  readonly isSort?: boolean;
  /** Needed by policy checks even when the caller did not ask for it in `fields`. */
  readonly requiredByPolicy?: boolean;
  /** Setting it is checked by its own policy rule (e.g. create_network:shared). */
  readonly enforcePolicy?: boolean;
  readonly primaryKey?: boolean;
  /** For dict attributes: fill the defaults of the sub-attributes the user left out. */
  readonly dictPopulateDefaults?: boolean;
  /** An explicit null is replaced by the default too. */
  readonly defaultOverridesNone?: boolean;
}

/** Attribute name -> spec for one resource. */
export type AttributeMap = Readonly<Record<string, AttributeSpec>>;

/** Collection name (e.g. "networks") -> its attributes. */
export type ResourceAttributeMap = Readonly<Record<string, AttributeMap>>;

/** A resource nested under a parent, e.g. /networks/{id}/segments. */
export interface SubResourceSpec {
  readonly parent: { readonly collectionName: string; readonly memberName: string };
  readonly parameters: AttributeMap;
  /** The key a list answers under when it is not the collection's name: neutron's `/routers/{id}/l3-agents` answers `agents`. */
  readonly listKey?: string;
  /**
   * Policy rule names where neutron's controller for the sub-resource has
   * its own (the schedulers' `get_l3-agents`, `create_l3-router`); otherwise
   * an operation's rule is `<verb>_<parent member>_<member>`, as neutron's
   * generic sub-resource controller names it.
   */
  readonly policyActions?: Readonly<Partial<Record<PolicyVerb, string>>>;
}

/** The four operations a policy rule is named after: `get_port`, `create_port`... */
export type PolicyVerb = 'get' | 'create' | 'update' | 'delete';
