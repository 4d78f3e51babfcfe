import { ATTR_NOT_SPECIFIED, converters, type ExtensionDescriptor } from '@net-server/lib';

const { convertCidrToCanonicalFormat, convertNoneToEmptyList, convertToIntIfNotNone, convertToProtocol } = converters;

/** neutron's convert_protocol: names are kept in lower case, numbers as given. */
function convertProtocol(value: unknown): unknown {
  const checked = convertToProtocol(value);
  return typeof checked === 'string' && !/^\d+$/.test(checked) ? checked.toLowerCase() : checked;
}

/** neutron's convert_ip_prefix_to_cidr: None stays None. */
function convertPrefix(value: unknown): unknown {
  return value === null || value === undefined ? null : convertCidrToCanonicalFormat(value);
}

/** neutron's convert_ethertype_to_case_insensitive: "ipv4" -> "IPv4". */
function convertEthertype(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return ['IPv4', 'IPv6'].find((known) => known.toLowerCase() === value.toLowerCase()) ?? value;
}

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
      name: { allowPost: true, allowPut: true, default: '', validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true, isSort: true },
      description: { allowPost: true, allowPut: true, default: '', validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true, isSort: true },
      tenant_id: { allowPost: true, allowPut: false, validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true, isSort: true, requiredByPolicy: true },
      security_group_rules: { allowPost: false, allowPut: false, isVisible: true },
    },
    security_group_rules: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true, isSort: true, primaryKey: true },
      security_group_id: { allowPost: true, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true, isSort: true, requiredByPolicy: true },
      remote_group_id: { allowPost: true, allowPut: false, default: null, validate: { type: 'type:uuid_or_none' }, isVisible: true, isFilter: true, isSort: true },
      direction: { allowPost: true, allowPut: false, validate: { type: 'type:values', arg: ['ingress', 'egress'] }, isVisible: true, isFilter: true, isSort: true },
      protocol: { allowPost: true, allowPut: false, default: null, convertTo: convertProtocol, isVisible: true, isFilter: true, isSort: true },
      port_range_min: { allowPost: true, allowPut: false, default: null, convertTo: convertToIntIfNotNone, isVisible: true, isFilter: true, isSort: true },
      port_range_max: { allowPost: true, allowPut: false, default: null, convertTo: convertToIntIfNotNone, isVisible: true, isFilter: true, isSort: true },
      ethertype: {
        allowPost: true,
        allowPut: false,
        default: 'IPv4',
        convertTo: convertEthertype,
        validate: { type: 'type:values', arg: ['IPv4', 'IPv6'] },
        isVisible: true,
        isFilter: true,
        isSort: true,
      },
      remote_ip_prefix: { allowPost: true, allowPut: false, default: null, convertTo: convertPrefix, validate: { type: 'type:subnet_or_none' }, isVisible: true, isFilter: true, isSort: true },
      tenant_id: { allowPost: true, allowPut: false, validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true, isSort: true, requiredByPolicy: true },
      description: { allowPost: true, allowPut: false, default: '', validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true, isSort: true },
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
