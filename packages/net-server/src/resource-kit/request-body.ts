import { ATTR_NOT_SPECIFIED, InvalidInput, type ResourceRequest } from '@net-server/lib';

/**
 * The readers of create and update bodies, one family for every resource:
 * the API has validated and converted the body against the attribute map
 * (and filled defaults on create), so these only read it, treating an
 * attribute the caller left out (absent or ATTR_NOT_SPECIFIED) as
 * `undefined`. A plugin asks `givenString(body, 'name')` and gets the
 * caller's value or undefined, never the ATTR_NOT_SPECIFIED marker.
 */
export type RequestBody = Readonly<Record<string, unknown>>;

/**
 * The attributes of a create or update body. The API hands plugins the
 * attributes themselves; neutron's wrapped form (`{"network": {...}}`) is
 * accepted too, so that code ported from neutron can pass bodies as is.
 */
export function unwrapBody(body: ResourceRequest, member: string): RequestBody {
  const inner = body[member];
  if (Object.keys(body).length === 1 && typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
    return inner as Record<string, unknown>;
  }
  return body;
}

/** The value the caller gave, or undefined when absent or ATTR_NOT_SPECIFIED. */
export function given(body: RequestBody, name: string): unknown {
  const value = body[name];
  return value === ATTR_NOT_SPECIFIED ? undefined : value;
}

/** A string attribute; null counts as not given (use `given` where null means "clear it"). */
export function givenString(body: RequestBody, name: string): string | undefined {
  const value = given(body, name);
  return value === undefined || value === null ? undefined : String(value);
}

/** Booleans as the API converts them; raw strings ("true", "False") for callers that skipped conversion. */
export function givenBoolean(body: RequestBody, name: string): boolean | undefined {
  const value = given(body, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return ['true', '1', 'yes', 'on', 't', 'y'].includes(value.toLowerCase());
  return Boolean(value);
}

/** An integer attribute, null when the caller cleared it; InvalidInput for anything that is not an integer. */
export function givenInteger(body: RequestBody, name: string): number | undefined | null {
  const value = given(body, name);
  if (value === undefined) return undefined;
  if (value === null) return null;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) {
    throw new InvalidInput({ error_message: `'${String(value)}' is not an integer` });
  }
  return number;
}

/**
 * A list attribute (dns_nameservers, routes, tags), null when the caller
 * cleared it; InvalidInput for a value that is not a list, which the
 * attribute map should have refused already.
 */
export function givenList(body: RequestBody, name: string): readonly unknown[] | undefined | null {
  const value = given(body, name);
  if (value === undefined || value === null) return value;
  if (!Array.isArray(value)) throw new InvalidInput({ error_message: `'${String(value)}' is not a list` });
  return value;
}

/** The owning project of a new resource: the body's project_id/tenant_id, else the caller's. */
export function owningProject(body: RequestBody, callerProject: string | undefined): string {
  return givenString(body, 'project_id') ?? givenString(body, 'tenant_id') ?? callerProject ?? '';
}

/** The string attributes among `names` that the body gives, as columns to update. */
export function givenStrings<K extends string>(body: RequestBody, names: readonly K[]): Partial<Record<K, string>> {
  const columns: Partial<Record<K, string>> = {};
  for (const name of names) {
    const value = givenString(body, name);
    if (value !== undefined) columns[name] = value;
  }
  return columns;
}
