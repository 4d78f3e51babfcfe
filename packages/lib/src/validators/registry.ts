import type { Converter, ValidateSpec } from '../api/attribute.js';
import { pythonString as s } from '../python-format.js';
import { isDict } from './python-values.js';
import * as v from './validators.js';
import { convertAndValidateSegments, validateAllowedAddressPairs, validateAvailabilityZoneHints, validateSubnetServiceTypes } from './extension-validators.js';
import { orNone, validateListOfItems, verifyDictKeys } from './validator-helpers.js';
import type { Validator } from './validator-helpers.js';

/**
 * Validators by neutron's names ("type:uuid", ...), as attribute maps refer
 * to them. Extensions add their own with `addValidator`.
 */
const registry = new Map<string, Validator>();

/** One key of a `type:dict` spec, as neutron's key specs. */
export interface DictKeySpec {
  readonly required?: boolean;
  readonly default?: unknown;
  readonly convertTo?: Converter;
  readonly validate?: ValidateSpec;
  readonly dictPopulateDefaults?: boolean;
  readonly defaultOverridesNone?: boolean;
}

export type DictKeySpecs = Readonly<Record<string, DictKeySpec>>;

/** The message for a spec naming no registered validator, as neutron's UndefinedValidator. */
export function undefinedValidatorMessage(type: string): string {
  return `Validator '${type}' does not exist`;
}

function toValidationType(type: string): string {
  return type.startsWith('type:') ? type : `type:${type}`;
}

export function getValidator(type: string): Validator | undefined {
  return registry.get(toValidationType(type));
}

/**
 * Registers a validator. Re-registering the same function is a no-op;
 * replacing a different one is refused, as in neutron.
 */
export function addValidator(type: string, validator: Validator): void {
  const key = toValidationType(type);
  const existing = registry.get(key);
  if (existing !== undefined && existing !== validator) throw new Error(`Validator type ${type} is already defined`);
  registry.set(key, validator);
}

/** Runs the validator a spec names; a missing validator is reported as neutron does. */
export function runValidator(spec: ValidateSpec, value: unknown): string | undefined {
  const validator = getValidator(spec.type);
  return validator === undefined ? undefinedValidatorMessage(spec.type) : validator(value, spec.arg);
}

/**
 * A dict, optionally checked against key specs: required keys present, no
 * unexpected keys, each value converted (in place, as neutron does) and
 * validated.
 */
export function validateDict(data: unknown, keySpecs?: unknown): string | undefined {
  if (!isDict(data)) return `'${s(data)}' is not a dictionary`;
  if (!isDict(keySpecs) || Object.keys(keySpecs).length === 0) return undefined;
  const specs = keySpecs as DictKeySpecs;
  const required = Object.keys(specs).filter((key) => specs[key]?.required === true);
  if (required.length > 0) {
    const message = verifyDictKeys(required, data, false);
    if (message) return message;
  }
  const unexpected = Object.keys(data).filter((key) => !(key in specs));
  if (unexpected.length > 0) return `Unexpected keys supplied: ${unexpected.join(', ')}`;
  for (const [key, spec] of Object.entries(specs)) {
    if (!(key in data)) continue;
    if (spec.convertTo !== undefined) data[key] = spec.convertTo(data[key]);
    if (spec.validate !== undefined) {
      const message = runValidator(spec.validate, data[key]);
      if (message) return message;
    }
  }
  return undefined;
}

function validateAnyKeySpec(data: unknown, keySpecs: readonly unknown[]): string | undefined {
  return keySpecs.some((spec) => validateDict(data, spec) === undefined) ? undefined : `No valid key specs matched for: ${s(data)}`;
}

/** A list of dicts, each matching at least one of the key specs in `arg`. */
export function validateAnyKeySpecsOrNone(data: unknown, keySpecs?: unknown): string | undefined {
  if (data === null || data === undefined) return undefined;
  const specs = Array.isArray(keySpecs) ? keySpecs : [];
  return validateListOfItems((item) => validateAnyKeySpec(item, specs), data);
}

const builtins: Record<string, Validator> = {
  'type:dict': validateDict,
  'type:dict_or_none': orNone(validateDict),
  'type:dict_or_empty': (data, arg) => (isDict(data) && Object.keys(data).length === 0 ? undefined : validateDict(data, arg)),
  'type:dict_or_nodata': (data, arg) => (isFalsy(data) ? undefined : validateDict(data, arg)),
  'type:fixed_ips': v.validateFixedIps,
  'type:hostroutes': v.validateHostroutes,
  'type:ip_address': v.validateIpAddress,
  'type:ip_address_or_none': orNone(v.validateIpAddress),
  'type:ip_or_subnet_or_none': v.validateIpOrSubnetOrNone,
  'type:ip_pools': v.validateIpPools,
  'type:list_of_regex_or_none': orNone((data, arg) => validateListOfItems(v.validateRegex, data, arg)),
  'type:mac_address': v.validateMacAddress,
  'type:mac_address_or_none': orNone(v.validateMacAddress),
  'type:nameservers': v.validateNameservers,
  'type:non_negative': v.validateNonNegative,
  'type:port_range': v.validatePortRange,
  'type:range': v.validateRange,
  'type:range_or_none': orNone(v.validateRange),
  'type:regex': v.validateRegex,
  'type:regex_or_none': orNone(v.validateRegex),
  'type:string': v.validateString,
  'type:string_or_none': orNone(v.validateString),
  'type:not_empty_string': v.validateNotEmptyString,
  'type:not_empty_string_or_none': orNone(v.validateNotEmptyString),
  'type:oneline_not_empty_string': v.validateOnelineNotEmptyString,
  'type:oneline_not_empty_string_or_none': orNone(v.validateOnelineNotEmptyString),
  'type:subnet': v.validateSubnet,
  'type:subnet_list': v.validateSubnetList,
  'type:subnet_or_none': orNone(v.validateSubnet),
  'type:subnetpool_id': v.validateSubnetpoolId,
  'type:subnetpool_id_or_none': orNone(v.validateSubnetpoolId),
  'type:uuid': v.validateUuid,
  'type:uuid_or_none': orNone(v.validateUuid),
  'type:uuid_list': v.validateUuidList,
  'type:uuid_list_non_empty': v.validateUuidListNonEmpty,
  'type:values': v.validateValues,
  'type:boolean': v.validateBoolean,
  'type:integer': v.validateInteger,
  'type:list_of_unique_strings': v.validateListOfUniqueStrings,
  'type:list_of_any_key_specs_or_none': validateAnyKeySpecsOrNone,
  'type:list_of_subnets_or_none': orNone(v.validateSubnetList),
  'type:allowed_address_pairs': validateAllowedAddressPairs,
  'type:network_segments': convertAndValidateSegments,
  'type:availability_zone_hint_list': validateAvailabilityZoneHints,
  'type:list_of_subnet_service_types': validateSubnetServiceTypes,
};
for (const [type, validator] of Object.entries(builtins)) registry.set(type, validator);

// Python truthiness of a JSON value, for dict_or_nodata.
function isFalsy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isDict(value) && Object.keys(value).length === 0;
}
