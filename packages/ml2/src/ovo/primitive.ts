import type { VersionedObjectPrimitive } from '@net-server/lib';

/** oslo.versionedobjects' namespace, which every neutron object carries. */
const NAMESPACE = 'versionedobjects';

/** Field values as they go on the wire: JSON values and nested objects. */
export type FieldValue = string | number | boolean | null | readonly FieldValue[] | VersionedObjectPrimitive;
export type ObjectData = Record<string, FieldValue>;

/** An object as oslo.versionedobjects' `obj_to_primitive()` puts it on the wire. */
export function primitive(name: string, version: string, data: ObjectData, changes?: readonly string[]): VersionedObjectPrimitive {
  return {
    'versioned_object.name': name,
    'versioned_object.namespace': NAMESPACE,
    'versioned_object.version': version,
    'versioned_object.data': data,
    ...(changes ? { 'versioned_object.changes': changes } : {}),
  };
}

/**
 * Sets the database fields whose values are known: neutron's
 * modify_fields_from_db leaves out every column that is NULL, so those
 * fields are unset on the object and absent from its primitive (a nullable
 * field set to None would read back as None; an unset one raises when an
 * agent reads it, which is what neutron's agents are written against).
 */
export function setKnown(data: ObjectData, values: Readonly<Record<string, FieldValue | undefined>>): ObjectData {
  for (const [field, value] of Object.entries(values)) if (value !== undefined && value !== null) data[field] = value;
  return data;
}

/**
 * The standard attributes (neutron's HasStandardAttributes fields) of a
 * dict as the base plugin builds it: revision_number always, description
 * and the timestamps when set.
 */
export function standardAttributes(dict: Readonly<Record<string, unknown>>): ObjectData {
  return setKnown(
    { revision_number: Number(dict['revision_number'] ?? 0) },
    { description: text(dict['description']), created_at: isotime(dict['created_at']), updated_at: isotime(dict['updated_at']) },
  );
}

/** oslo.versionedobjects' DateTimeField on the wire (utils.isotime): seconds precision, `Z`. */
export function isotime(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const parsed = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(parsed.getTime()) ? value : parsed.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Python's json.dumps of a dict (", " and ": " separators, non-ASCII
 * escaped): how neutron's DictOfMiscValuesField (a binding's profile and
 * vif_details) travels.
 */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : JSON.stringify(value);
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${pythonJson(key)}: ${pythonJson(item)}`)
      .join(', ')}}`;
  }
  return 'null';
}
