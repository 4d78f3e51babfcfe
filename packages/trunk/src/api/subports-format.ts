import { defineNeutronException, NeutronException, validators } from '@net-server/lib';
import { SEGMENTATION_TYPE_INHERIT } from '../constants.js';

/*
 * neutron's validate_subports messages name the offending value with `%s`,
 * which prints a dict or list as Python does. lib formats exception fields
 * that way, so each message is an (unregistered, never thrown) exception's.
 */
const NotAList = defineNeutronException<{ data: unknown }>(NeutronException, 'SubportsNotAList', "Invalid data format for subports: '%(data)s' is not a list", {
  register: false,
});
const NotADict = defineNeutronException<{ data: unknown }>(NeutronException, 'SubportNotADict', "Invalid data format for subport: '%(data)s' is not a dict", {
  register: false,
});
const DetailsMissing = defineNeutronException<{ subport: unknown }>(
  NeutronException,
  'SubportDetailsMissing',
  "Invalid subport details '%(subport)s': missing segmentation information. Must specify both segmentation_id and segmentation_type",
  { register: false },
);
const NotUnique = defineNeutronException<{ seg_id: unknown; subport: unknown }>(
  NeutronException,
  'SegmentationIdNotUnique',
  "Segmentation ID '%(seg_id)s' for '%(subport)s' is not unique",
  { register: false },
);
const InvalidUuid = defineNeutronException<{ port_id: unknown }>(NeutronException, 'InvalidSubportUuid', "Invalid UUID for subport: '%(port_id)s'", {
  register: false,
});
const NonUniqueUuid = defineNeutronException<{ port_id: unknown }>(NeutronException, 'NonUniqueSubportUuid', "Non unique UUID for subport: '%(port_id)s'", {
  register: false,
});

/** The message for a subport whose segmentation type or id is missing (the plugin's check says the same). */
export function missingDetailsMessage(subport: unknown): string {
  return new DetailsMissing({ subport }).message;
}

function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Python's truthiness of a JSON value, for `not segmentation_type`. */
function falsy(value: unknown): boolean {
  return value === undefined || value === null || value === false || value === 0 || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * neutron_lib's validate_subports: a list of dicts, each with a unique port
 * UUID and, when it says more than its port, both a segmentation type and
 * id, no id twice for one type. As neutron's, it stops at the first subport
 * that inherits its segmentation (the later ones go unchecked here; the
 * plugin still checks each).
 */
export function validateSubports(data: unknown): string | undefined {
  if (!Array.isArray(data)) return new NotAList({ data }).message;
  const portIds = new Set<unknown>();
  const segmentations = new Map<unknown, Set<unknown>>();
  for (const subport of data) {
    if (!isDict(subport)) return new NotADict({ data: subport }).message;
    if (!('port_id' in subport)) return 'A valid port UUID must be specified';
    const portId = subport['port_id'];
    if (validators.validateUuid(portId) !== undefined) return new InvalidUuid({ port_id: portId }).message;
    if (portIds.has(portId)) return new NonUniqueUuid({ port_id: portId }).message;
    portIds.add(portId);
    const type = subport['segmentation_type'];
    if (type === SEGMENTATION_TYPE_INHERIT) return undefined;
    const id = subport['segmentation_id'];
    if ((falsy(type) || id === undefined || id === null) && Object.keys(subport).length > 1) return missingDetailsMessage(subport);
    if (segmentations.get(type)?.has(id) === true) return new NotUnique({ seg_id: id, subport: portId }).message;
    if (id !== undefined && id !== null) segmentations.set(type, (segmentations.get(type) ?? new Set()).add(id));
  }
  return undefined;
}

/** The validator name the trunk attribute map uses for `sub_ports`. */
export const SUBPORTS_VALIDATOR = 'type:subports';

// Registered once per process: a second copy of this module (source and built code in one test run) finds it there.
if (validators.getValidator(SUBPORTS_VALIDATOR) === undefined) validators.addValidator(SUBPORTS_VALIDATOR, validateSubports);
