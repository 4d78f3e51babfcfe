import { ATTR_NOT_SPECIFIED, constants, converters, definitions, InvalidCIDR, validators, type ExtensionDescriptor } from '@net-server/lib';
import {
  SecurityGroupDefaultAlreadyExists,
  SecurityGroupInvalidPortValue,
  SecurityGroupRuleInvalidEtherType,
  SecurityGroupRuleInvalidProtocol,
} from '../sg/security-group-errors.js';

const { convertNoneToEmptyList } = converters;

/** neutron's sg_supported_protocols, listed in its messages as they are here. */
const SUPPORTED_PROTOCOLS: readonly (string | null)[] = [null, ...Object.keys(constants.IP_PROTOCOL_MAP)];
const SUPPORTED_ETHERTYPES: readonly string[] = ['IPv4', 'IPv6'];

/**
 * neutron's convert_protocol: a number 0-255, given as a JSON number or in
 * decimal, becomes its decimal text ("17"), which is how neutron stores and
 * returns it; a known name is kept in lower case. Numbers written otherwise
 * ("017", 6.5, true) are refused here: neutron takes them and then fails
 * with a 500 when it stores them.
 */
function convertProtocol(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^(0|[1-9]\d*)$/.test(value) ? Number(value) : undefined;
  if (number !== undefined) {
    if (Number.isInteger(number) && number >= 0 && number <= 255) return String(number);
  } else if (typeof value === 'string' && SUPPORTED_PROTOCOLS.includes(value.toLowerCase())) {
    return value.toLowerCase();
  }
  throw new SecurityGroupRuleInvalidProtocol({ protocol: value, values: SUPPORTED_PROTOCOLS });
}

/** neutron's convert_validate_port_value: what Python's int() makes of the value, if it is 0-65535. */
function convertPort(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (validators.validateRange(value, [0, 65535]) !== undefined) throw new SecurityGroupInvalidPortValue({ port: value });
  return converters.convertToInt(value);
}

/** neutron's convert_ip_prefix_to_cidr: none given is None; host bits are kept. */
function convertPrefix(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  try {
    return converters.convertCidrToCanonicalFormat(value);
  } catch {
    throw new InvalidCIDR({ input: value });
  }
}

/** neutron's convert_ethertype_to_case_insensitive: "ipv4" -> "IPv4". */
function convertEthertype(value: unknown): string {
  const known = typeof value === 'string' ? SUPPORTED_ETHERTYPES.find((ethertype) => ethertype.toLowerCase() === value.toLowerCase()) : undefined;
  if (known === undefined) throw new SecurityGroupRuleInvalidEtherType({ ethertype: value, values: SUPPORTED_ETHERTYPES });
  return known;
}

/**
 * neutron's `name_not_default` validator: only the server names a group
 * "default" (one per project), so neither a create nor a rename may.
 * A validator rather than a converter because converters also run on list
 * filters, and `?name=default` must still find the default groups.
 * Registered once per process: a second copy of this module (source and
 * built code in one test run) finds it there, and the registry refuses a
 * second function under one name.
 */
const NAME_NOT_DEFAULT = 'type:name_not_default';
if (validators.getValidator(NAME_NOT_DEFAULT) === undefined) {
  validators.addValidator(NAME_NOT_DEFAULT, (data, maxLength) => {
    const message = validators.validateString(data, maxLength);
    if (message) return message;
    if ((data as string).toLowerCase() === 'default') throw new SecurityGroupDefaultAlreadyExists({});
    return undefined;
  });
}

/*
 * Groups and rules are standard-attribute resources in neutron, with the
 * timestamps and revision numbers the standard-attr-* extensions add; those
 * apply to the core collections in net-server's API, so this descriptor
 * declares them (tags are the `tag` plugin's).
 */
const STANDARD_ATTRIBUTES = { ...definitions.TIMESTAMP_BODY, ...definitions.REVISION_BODY };

/**
 * neutron's `security-group` extension (neutron/extensions/securitygroup.py):
 * security groups and their rules, and `security_groups` on ports. ML2
 * serves it; its package ships the descriptor through
 * `net_server.api.extensions`.
 */
export const SECURITY_GROUP: ExtensionDescriptor = {
  alias: 'security-group',
  name: 'security-group',
  description: 'The security groups extension.',
  updated: '2012-10-05T10:00:00-00:00',
  resourceAttributeMap: {
    security_groups: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true, isSort: true, primaryKey: true },
      name: { allowPost: true, allowPut: true, default: '', validate: { type: NAME_NOT_DEFAULT, arg: 255 }, isVisible: true, isFilter: true, isSort: true },
      description: { allowPost: true, allowPut: true, default: '', validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true, isSort: true },
      tenant_id: {
        allowPost: true,
        allowPut: false,
        validate: { type: 'type:string', arg: 255 },
        isVisible: true,
        isFilter: true,
        isSort: true,
        requiredByPolicy: true,
      },
      security_group_rules: { allowPost: false, allowPut: false, isVisible: true },
      ...STANDARD_ATTRIBUTES,
    },
    security_group_rules: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true, isSort: true, primaryKey: true },
      security_group_id: {
        allowPost: true,
        allowPut: false,
        validate: { type: 'type:string', arg: 36 },
        isVisible: true,
        isFilter: true,
        isSort: true,
        requiredByPolicy: true,
      },
      // No validator, as in neutron: an id that names no group is SecurityGroupNotFound (404), whatever it looks like.
      remote_group_id: { allowPost: true, allowPut: false, default: null, isVisible: true, isFilter: true, isSort: true },
      direction: {
        allowPost: true,
        allowPut: false,
        validate: { type: 'type:values', arg: ['ingress', 'egress'] },
        isVisible: true,
        isFilter: true,
        isSort: true,
      },
      protocol: { allowPost: true, allowPut: false, default: null, convertTo: convertProtocol, isVisible: true, isFilter: true, isSort: true },
      port_range_min: { allowPost: true, allowPut: false, default: null, convertTo: convertPort, isVisible: true, isFilter: true, isSort: true },
      port_range_max: { allowPost: true, allowPut: false, default: null, convertTo: convertPort, isVisible: true, isFilter: true, isSort: true },
      ethertype: {
        allowPost: true,
        allowPut: false,
        default: 'IPv4',
        convertTo: convertEthertype,
        validate: { type: 'type:values', arg: SUPPORTED_ETHERTYPES },
        isVisible: true,
        isFilter: true,
        isSort: true,
      },
      remote_ip_prefix: { allowPost: true, allowPut: false, default: null, convertTo: convertPrefix, isVisible: true, isFilter: true, isSort: true },
      tenant_id: {
        allowPost: true,
        allowPut: false,
        validate: { type: 'type:string', arg: 255 },
        isVisible: true,
        isFilter: true,
        isSort: true,
        requiredByPolicy: true,
      },
      description: {
        allowPost: true,
        allowPut: false,
        default: '',
        validate: { type: 'type:string', arg: 255 },
        isVisible: true,
        isFilter: true,
        isSort: true,
      },
      ...STANDARD_ATTRIBUTES,
    },
    ports: {
      security_groups: {
        allowPost: true,
        allowPut: true,
        default: ATTR_NOT_SPECIFIED,
        convertTo: convertNoneToEmptyList,
        validate: { type: 'type:uuid_list' },
        isVisible: true,
        isFilter: true,
      },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
