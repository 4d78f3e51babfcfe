import { BadRequest } from '@net-server/lib';
import { given, givenBoolean, givenString, type RequestBody, type TableResource } from 'net-server';
import type { FlavorRow, ServiceProfileRow } from '../db/schema.js';
import { FlavorNotFound, ServiceProfileNotFound } from '../errors.js';

/**
 * `enabled` as neutron's convert_to_boolean_if_not_none leaves it: null
 * gets to neutron's object, whose non-nullable boolean refuses it (400).
 */
function enabledOf(body: RequestBody, resource: string): boolean | undefined {
  if (body['enabled'] === null) throw new BadRequest({ resource, msg: "'enabled' cannot be null: give true or false" });
  return givenBoolean(body, 'enabled');
}

/** A `type:string_or_none` description: null kept, absent left out. */
function descriptionOf(body: RequestBody): string | null | undefined {
  const value = given(body, 'description');
  return value === undefined || value === null ? (value as null | undefined) : String(value);
}

/** metainfo has no validator; neutron's string field takes scalars as text and refuses lists and dicts. */
function metainfoOf(body: RequestBody): string | null | undefined {
  const value = given(body, 'metainfo');
  if (value === undefined || value === null) return value as null | undefined;
  if (typeof value === 'object') throw new BadRequest({ resource: 'service_profile', msg: "'metainfo' must be a string" });
  return String(value);
}

/** The caller's value (null included), or the attribute's default when absent. */
function withDefault<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

function defined<T extends object>(columns: T): Partial<T> {
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * Flavors (neutron's Flavor): no project and no standard attributes, seen
 * by every caller the policy lets through. `service_profiles` is added by
 * the plugin's dict hook from the bindings.
 */
export const flavorTable: TableResource<FlavorRow> = {
  table: 'flavors',
  member: 'flavor',
  collection: 'flavors',
  visibility: 'everyone',
  owned: false,
  standardAttributes: false,
  notFound: (id) => new FlavorNotFound({ flavor_id: id }),
  toDict: (row) => ({ name: row.name, description: row.description, service_type: row.service_type, enabled: Boolean(row.enabled) }),
  newRow: (body) => ({
    name: givenString(body, 'name') ?? '',
    description: withDefault(descriptionOf(body), ''),
    service_type: givenString(body, 'service_type') ?? null,
    enabled: enabledOf(body, 'flavor') ?? true,
  }),
  changes: (body) => defined({ name: givenString(body, 'name'), description: descriptionOf(body), enabled: enabledOf(body, 'flavor') }),
  sqlFilters: ['service_type'],
};

/** Service profiles (neutron's ServiceProfile): a driver and its metainfo, no project, no standard attributes. */
export const serviceProfileTable: TableResource<ServiceProfileRow> = {
  table: 'serviceprofiles',
  member: 'service_profile',
  collection: 'service_profiles',
  visibility: 'everyone',
  owned: false,
  standardAttributes: false,
  notFound: (id) => new ServiceProfileNotFound({ sp_id: id }),
  toDict: (row) => ({ description: row.description, driver: row.driver, enabled: Boolean(row.enabled), metainfo: row.metainfo }),
  newRow: (body) => ({
    description: withDefault(descriptionOf(body), ''),
    driver: givenString(body, 'driver') ?? '',
    enabled: enabledOf(body, 'service_profile') ?? true,
    metainfo: withDefault(metainfoOf(body), ''),
  }),
  changes: (body) =>
    defined({
      description: descriptionOf(body),
      driver: givenString(body, 'driver'),
      enabled: enabledOf(body, 'service_profile'),
      metainfo: metainfoOf(body),
    }),
};
