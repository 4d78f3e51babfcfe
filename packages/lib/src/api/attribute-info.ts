import { HTTPBadRequest, InvalidInput } from '../errors/exceptions.js';
import type { NeutronException } from '../errors/neutron-exception.js';
import type { Context } from '../plugins/context.js';
import { isDict } from '../validators/python-values.js';
import type { DictKeySpecs } from '../validators/registry.js';
import { runValidator } from '../validators/registry.js';
import { ATTR_NOT_SPECIFIED, type AttributeMap, type AttributeSpec } from './attribute.js';

/** Builds the error to throw from a message; neutron's API uses HTTPBadRequest. */
export type ErrorFactory = (message: string) => NeutronException;

const invalidInput: ErrorFactory = (message) => new InvalidInput({ error_message: message });
const badRequest: ErrorFactory = (message) => new HTTPBadRequest({ msg: message });

/**
 * Operations on one resource's attribute map, as neutron_lib.api.attributes
 * AttributeInfo: what the API runs on a request body before it reaches a
 * plugin. Bodies are modified in place, as in neutron.
 */
export class AttributeInfo {
  constructor(readonly attributes: AttributeMap) {}

  /**
   * Fills defaults for a create. A missing attribute without a default is
   * required; an attribute that is not allowPost is refused.
   */
  fillPostDefaults(body: Record<string, unknown>, options: { error?: ErrorFactory; checkAllowPost?: boolean } = {}): void {
    const error = options.error ?? invalidInput;
    for (const [name, spec] of Object.entries(this.attributes)) {
      if (spec.allowPost) {
        const value = populateDictDefaults(name in body ? body[name] : ATTR_NOT_SPECIFIED, spec);
        if (value !== ATTR_NOT_SPECIFIED) body[name] = value;
        if (!('default' in spec) && !(name in body)) {
          throw error(`Failed to parse request. Required attribute '${name}' not specified`);
        }
        fillDefault(body, name, spec);
      } else if (options.checkAllowPost !== false && name in body) {
        throw error(`Attribute '${name}' not allowed in POST`);
      }
    }
  }

  /** Refuses attributes an update may not change. */
  checkPutAllowed(body: Readonly<Record<string, unknown>>, error: ErrorFactory = badRequest): void {
    for (const [name, spec] of Object.entries(this.attributes)) {
      if (name in body && !spec.allowPut) throw error(`Cannot update read-only attribute ${name}`);
    }
  }

  /** Converts then validates each given attribute. */
  convertValues(body: Record<string, unknown>, error: ErrorFactory = invalidInput): void {
    for (const [name, spec] of Object.entries(this.attributes)) {
      if (!(name in body) || body[name] === ATTR_NOT_SPECIFIED) continue;
      if (spec.convertTo !== undefined) body[name] = spec.convertTo(body[name]);
      if (spec.validate === undefined) continue;
      const reason = runValidator(spec.validate, body[name]);
      if (reason) throw error(`Invalid input for ${name}. Reason: ${reason}.`);
    }
  }

  /**
   * Makes project_id and tenant_id agree, refuses another project's id
   * unless the caller is admin or advsvc, and on create takes the project
   * from the context.
   */
  populateProjectId(context: Context, body: Record<string, unknown>, isCreate: boolean): void {
    populateProjectInfo(body);
    if ('project_id' in body && body['project_id'] !== context.projectId && !(context.isAdmin || context.isAdvsvc)) {
      throw badRequest("Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin or advsvc privileges");
    }
    if (isCreate && !('project_id' in body)) {
      if (context.projectId) {
        body['project_id'] = context.projectId;
        body['tenant_id'] = context.projectId;
      } else if ('tenant_id' in this.attributes) {
        throw badRequest('Running without keystone AuthN requires that tenant_id is specified');
      }
    }
  }

  /** Refuses attributes the resource does not have. */
  verifyAttributes(body: Readonly<Record<string, unknown>>): void {
    const unknown = Object.keys(body).filter((name) => !(name in this.attributes));
    if (unknown.length > 0) throw badRequest(`Unrecognized attribute(s) '${unknown.join(', ')}'`);
  }
}

/**
 * Ensures both project_id and tenant_id are present when either is, and
 * that they agree (neutron_lib populate_project_info). Works on request
 * bodies and on attribute maps alike.
 */
export function populateProjectInfo<T>(attributes: Record<string, T>): Record<string, T> {
  if ('tenant_id' in attributes && !('project_id' in attributes)) attributes['project_id'] = attributes['tenant_id']!;
  else if ('project_id' in attributes && !('tenant_id' in attributes)) attributes['tenant_id'] = attributes['project_id']!;
  if (attributes['project_id'] !== attributes['tenant_id']) throw badRequest("'project_id' and 'tenant_id' do not match");
  return attributes;
}

/** An attribute map with project_id beside tenant_id, as the API serves it. */
export function withProjectId(attributes: AttributeMap): AttributeMap {
  return populateProjectInfo({ ...attributes });
}

function fillDefault(body: Record<string, unknown>, name: string, spec: { default?: unknown; defaultOverridesNone?: boolean }): void {
  if (spec.defaultOverridesNone === true && (body[name] === null || body[name] === undefined)) {
    body[name] = spec.default;
    return;
  }
  // Like neutron, a key with no default that is left out becomes null.
  if (!(name in body)) body[name] = 'default' in spec ? spec.default : null;
}

// For dict attributes with dictPopulateDefaults, fills the defaults of the
// keys the user left out, recursing into nested dict specs.
function populateDictDefaults(value: unknown, spec: Pick<AttributeSpec, 'dictPopulateDefaults' | 'validate'>): unknown {
  if (spec.dictPopulateDefaults !== true || spec.validate === undefined) return value;
  if (!spec.validate.type.includes('dict')) return value;
  const dict: Record<string, unknown> = value === null || value === undefined || value === ATTR_NOT_SPECIFIED ? {} : (value as Record<string, unknown>);
  if (!isDict(dict)) return value;
  const keySpecs = (isDict(spec.validate.arg) ? spec.validate.arg : {}) as DictKeySpecs;
  for (const [key, keySpec] of Object.entries(keySpecs)) {
    if (keySpec.validate?.type.includes('dict')) {
      const nested = populateDictDefaults(dict[key], keySpec);
      if (nested !== null && nested !== undefined) dict[key] = nested;
    }
    fillDefault(dict, key, keySpec);
  }
  return dict;
}
