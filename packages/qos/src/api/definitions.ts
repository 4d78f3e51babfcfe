import {
  ATTR_NOT_SPECIFIED,
  converters,
  definitions,
  type AttributeMap,
  type AttributeSpec,
  type ExtensionDescriptor,
  type SubResourceSpec,
} from '@net-server/lib';
import {
  DB_INTEGER_MAX_VALUE,
  EGRESS_DIRECTION,
  QOS_NETWORK_POLICY_ID,
  QOS_POLICY_ID,
  QOS_SERVICE_TYPE,
  VALID_DIRECTIONS,
  VALID_DIRECTIONS_AND_ANY,
  VALID_DSCP_MARKS,
} from '../constants.js';

const NAME_FIELD_SIZE = 255;
const PROJECT_ID_FIELD_SIZE = 255;
const PREFIX = '/qos';
const INTEGER = { type: 'type:range', arg: [0, DB_INTEGER_MAX_VALUE] } as const;

/*
 * Policies are standard-attribute resources in neutron (description,
 * created_at, updated_at, revision_number); net-server's API applies the
 * standard-attr-* extensions to the core collections only, so this package
 * declares them on its collection, as @net-server/l3 does for routers.
 */
const STANDARD_ATTRIBUTES = { ...definitions.DESCRIPTION_BODY, ...definitions.TIMESTAMP_BODY, ...definitions.REVISION_BODY };

const ruleId: AttributeSpec = {
  allowPost: false,
  allowPut: false,
  validate: { type: 'type:uuid' },
  isVisible: true,
  isFilter: true,
  isSort: true,
  primaryKey: true,
};
const ruleProject = (allowPost: boolean): AttributeSpec => ({ allowPost, allowPut: false, requiredByPolicy: true, isVisible: true });
const integer = (allowPost: boolean, extra: Partial<AttributeSpec> = {}): AttributeSpec => ({
  allowPost,
  allowPut: true,
  convertTo: converters.convertToInt,
  isVisible: true,
  isFilter: true,
  isSort: true,
  validate: INTEGER,
  ...extra,
});
const direction = (allowPost: boolean, valid: readonly string[] = VALID_DIRECTIONS): AttributeSpec => ({
  allowPost,
  allowPut: true,
  isVisible: true,
  isFilter: true,
  isSort: true,
  default: EGRESS_DIRECTION,
  validate: { type: 'type:values', arg: valid },
});
const dscpMark = (allowPost: boolean): AttributeSpec => integer(allowPost, { validate: { type: 'type:values', arg: VALID_DSCP_MARKS } });

type RuleCollection = 'bandwidth_limit_rules' | 'dscp_marking_rules' | 'minimum_bandwidth_rules' | 'packet_rate_limit_rules' | 'minimum_packet_rate_rules';

/** The attributes of each rule type, as a sub-resource of a policy (allowPost) or through the alias API (allowPost false). */
function ruleAttributes(allowPost: boolean): Record<RuleCollection, AttributeMap> {
  const common = { id: ruleId, tenant_id: ruleProject(allowPost) };
  return {
    bandwidth_limit_rules: { ...common, max_kbps: integer(allowPost), max_burst_kbps: integer(allowPost, { default: 0 }), direction: direction(allowPost) },
    dscp_marking_rules: { ...common, dscp_mark: dscpMark(allowPost) },
    minimum_bandwidth_rules: { ...common, min_kbps: integer(allowPost), direction: direction(allowPost) },
    packet_rate_limit_rules: { ...common, max_kpps: integer(allowPost), max_burst_kpps: integer(allowPost, { default: 0 }), direction: direction(allowPost) },
    minimum_packet_rate_rules: { ...common, min_kpps: integer(allowPost), direction: direction(allowPost, VALID_DIRECTIONS_AND_ANY) },
  };
}

const POLICY_PARENT = { collectionName: 'policies', memberName: 'policy' } as const;
const subresource = (parameters: AttributeMap): SubResourceSpec => ({ parent: POLICY_PARENT, parameters });
const RULES = ruleAttributes(true);

const qosPolicyId: AttributeSpec = {
  allowPost: true,
  allowPut: true,
  isVisible: true,
  default: null,
  enforcePolicy: true,
  validate: { type: 'type:uuid_or_none' },
};

/**
 * neutron_lib.api.definitions.qos ('qos'): policies under /v2.0/qos, their
 * rules as sub-resources, rule types, and `qos_policy_id` on ports and
 * networks. The rules' `direction` takes both directions here: neutron's
 * qos-bw-limit-direction and qos-bw-minimum-ingress widen it, and this
 * plugin always supports both (net-server's API takes a sub-resource's
 * parameters from the extension that declares it).
 */
export const QOS: ExtensionDescriptor = {
  alias: 'qos',
  name: 'Quality of Service',
  description: 'The Quality of Service extension.',
  updated: '2015-06-08T10:00:00-00:00',
  apiPrefix: PREFIX,
  resourceAttributeMap: {
    policies: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isFilter: true, isSort: true, isVisible: true, primaryKey: true },
      name: {
        allowPost: true,
        allowPut: true,
        isVisible: true,
        default: '',
        isFilter: true,
        isSort: true,
        validate: { type: 'type:string', arg: NAME_FIELD_SIZE },
      },
      shared: { allowPost: true, allowPut: true, isVisible: true, default: false, isFilter: true, convertTo: converters.convertToBoolean },
      tenant_id: {
        allowPost: true,
        allowPut: false,
        requiredByPolicy: true,
        validate: { type: 'type:string', arg: PROJECT_ID_FIELD_SIZE },
        isFilter: true,
        isSort: true,
        isVisible: true,
      },
      rules: { allowPost: false, allowPut: false, isVisible: true },
      ...STANDARD_ATTRIBUTES,
    },
    rule_types: {
      type: { allowPost: false, allowPut: false, isVisible: true, primaryKey: true },
    },
    ports: { [QOS_POLICY_ID]: qosPolicyId },
    networks: { [QOS_POLICY_ID]: qosPolicyId },
  },
  subresourceAttributeMap: {
    bandwidth_limit_rules: subresource(RULES.bandwidth_limit_rules),
    dscp_marking_rules: subresource(RULES.dscp_marking_rules),
    minimum_bandwidth_rules: subresource(RULES.minimum_bandwidth_rules),
  },
  serviceType: QOS_SERVICE_TYPE,
  requiredExtensions: [],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.qos_bw_limit_direction: `direction` on bandwidth limit rules (declared in QOS's rule parameters). */
export const QOS_BW_LIMIT_DIRECTION: ExtensionDescriptor = {
  alias: 'qos-bw-limit-direction',
  name: 'Direction for QoS bandwidth limit rule',
  description: 'Allow to configure QoS bandwidth limit rule with specific direction: ingress or egress',
  updated: '2017-04-10T10:00:00-00:00',
  resourceAttributeMap: {},
  requiredExtensions: ['qos'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.qos_bw_minimum_ingress: ingress minimum bandwidth rules (declared in QOS's rule parameters). */
export const QOS_BW_MINIMUM_INGRESS: ExtensionDescriptor = {
  alias: 'qos-bw-minimum-ingress',
  name: 'Ingress direction for QoS minimum bandwidth rule',
  description: 'Allow to configure QoS minumum bandwidth rule with ingress direction.',
  updated: '2018-07-09T10:00:00-00:00',
  resourceAttributeMap: {},
  requiredExtensions: ['qos'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.qos_default: `is_default`, one default policy per project, given to its new networks. */
export const QOS_DEFAULT: ExtensionDescriptor = {
  alias: 'qos-default',
  name: 'QoS default policy',
  description: 'Expose the QoS default policy per project',
  updated: '2017-041-06T10:00:00-00:00',
  resourceAttributeMap: {
    policies: { is_default: { allowPost: true, allowPut: true, default: false, convertTo: converters.convertToBoolean, isFilter: true, isVisible: true } },
  },
  requiredExtensions: ['qos'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.qos_rule_type_details: the drivers supporting a rule type, and their parameters. */
export const QOS_RULE_TYPE_DETAILS: ExtensionDescriptor = {
  alias: 'qos-rule-type-details',
  name: 'Details of QoS rule types',
  description: 'Expose details about QoS rule types supported by loaded backend drivers',
  updated: '2017-06-22T10:00:00-00:00',
  resourceAttributeMap: { rule_types: { drivers: { allowPost: false, allowPut: false, isVisible: true } } },
  requiredExtensions: ['qos'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.qos_port_network_policy: a port's network's policy, read-only. */
export const QOS_PORT_NETWORK_POLICY: ExtensionDescriptor = {
  alias: 'qos-port-network-policy',
  name: 'QoS port network policy ID',
  description: 'Adds a the QoS network ID to the port definition',
  updated: '2019-11-01T10:00:00-00:00',
  resourceAttributeMap: {
    ports: { [QOS_NETWORK_POLICY_ID]: { allowPost: false, allowPut: false, isVisible: true, default: null, validate: { type: 'type:uuid_or_none' } } },
  },
  requiredExtensions: ['qos'],
  optionalExtensions: [],
};

/**
 * neutron_lib.api.definitions.port_resource_request: a port's `resource_request`,
 * what its QoS policy asks Placement for; read-only, admins only
 * (`get_port:resource_request`, in net-server's default policies).
 */
export const PORT_RESOURCE_REQUEST: ExtensionDescriptor = {
  alias: 'port-resource-request',
  name: 'Port Resource Request',
  description: 'Expose resource request to Port',
  updated: '2018-05-08T10:00:00-00:00',
  resourceAttributeMap: { ports: { resource_request: { allowPost: false, allowPut: false, default: ATTR_NOT_SPECIFIED, isVisible: true } } },
  requiredExtensions: [],
  optionalExtensions: [],
};

/**
 * neutron_lib.api.definitions.port_resource_request_groups, a shim: the
 * `resource_request` is in groups (`request_groups`, `same_subtree`), the
 * only format net-server answers, as neutron Zed's QoS plugin.
 */
export const PORT_RESOURCE_REQUEST_GROUPS: ExtensionDescriptor = {
  alias: 'port-resource-request-groups',
  name: 'Port Resource Request Groups',
  description: 'Support requesting multiple groups of resources and traits from the same RP subtree in resource_request',
  updated: '2021-08-02T10:00:00-00:00',
  isShimExtension: true,
  resourceAttributeMap: {},
  requiredExtensions: [],
  optionalExtensions: [],
};

const ruleTypeFlag: AttributeSpec = {
  allowPost: true,
  allowPut: true,
  convertTo: converters.convertToBooleanIfNotNone,
  default: ATTR_NOT_SPECIFIED,
  isFilter: true,
  isVisible: false,
};

/** neutron_lib.api.definitions.qos_rule_type_filter: `?all_supported=true` (some driver supports it), `?all_rules=true` (every implemented type). */
export const QOS_RULE_TYPE_FILTER: ExtensionDescriptor = {
  alias: 'qos-rule-type-filter',
  name: 'Allow to filter the list of QoS rule types',
  description:
    'Allows to filter the QoS rule type list adding two new flags. "all_rules" prints all implemented QoS rule types."all_supported" prints all supported QoS rule types by the loaded mechanism drivers',
  updated: '2022-02-02T10:00:00-00:00',
  resourceAttributeMap: { rule_types: { all_rules: ruleTypeFlag, all_supported: ruleTypeFlag } },
  requiredExtensions: ['qos'],
  optionalExtensions: [],
};

const ALIAS_RULES = ruleAttributes(false);

/** neutron_lib.api.definitions.qos_rules_alias: rules by id without their policy, /v2.0/qos/alias-<type>-rules/{id} (GET, PUT, DELETE). */
export const QOS_RULES_ALIAS: ExtensionDescriptor = {
  alias: 'qos-rules-alias',
  name: 'Quality of Service rules alias API',
  description: 'API to enable GET, PUT and DELETE operations on QoS policy rules without specifying policy ID',
  updated: '2018-10-07T10:00:00-00:00',
  apiPrefix: PREFIX,
  resourceAttributeMap: {
    alias_bandwidth_limit_rules: ALIAS_RULES.bandwidth_limit_rules,
    alias_dscp_marking_rules: ALIAS_RULES.dscp_marking_rules,
    alias_minimum_bandwidth_rules: ALIAS_RULES.minimum_bandwidth_rules,
  },
  serviceType: QOS_SERVICE_TYPE,
  requiredExtensions: ['qos'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.qos_pps_rule: packet rate limit rules, /v2.0/qos/policies/{id}/packet_rate_limit_rules. */
export const QOS_PPS: ExtensionDescriptor = {
  alias: 'qos-pps',
  name: 'QoS Rule Type Packet per Second Extension',
  description: 'Add QoS Rule Type Packet per Second',
  updated: '2021-05-12T10:00:00-00:00',
  resourceAttributeMap: {},
  subresourceAttributeMap: { packet_rate_limit_rules: subresource(RULES.packet_rate_limit_rules) },
  requiredExtensions: ['qos'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.qos_pps_minimum_rule: minimum packet rate rules (egress, ingress or `any`), /v2.0/qos/policies/{id}/minimum_packet_rate_rules. */
export const QOS_PPS_MINIMUM: ExtensionDescriptor = {
  alias: 'qos-pps-minimum',
  name: 'QoS minimum packet rate rule',
  description: 'Allow to configure QoS minimum packet rate rule.',
  updated: '2021-07-14T10:00:00-00:00',
  apiPrefix: PREFIX,
  resourceAttributeMap: {},
  subresourceAttributeMap: { minimum_packet_rate_rules: subresource(RULES.minimum_packet_rate_rules) },
  requiredExtensions: ['qos'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.qos_pps_minimum_rule_alias: /v2.0/qos/alias-minimum-packet-rate-rules/{id} (GET, PUT, DELETE). */
export const QOS_PPS_MINIMUM_RULE_ALIAS: ExtensionDescriptor = {
  alias: 'qos-pps-minimum-rule-alias',
  name: 'QoS minimum packet rate rule alias',
  description: 'API to enable GET, PUT and DELETE operations on QoS minimum packet rate rule without specifying policy ID',
  updated: '2021-10-22T10:00:00-00:00',
  apiPrefix: PREFIX,
  resourceAttributeMap: { alias_minimum_packet_rate_rules: ALIAS_RULES.minimum_packet_rate_rules },
  serviceType: QOS_SERVICE_TYPE,
  requiredExtensions: ['qos', 'qos-pps-minimum'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.qos_fip: `qos_policy_id` on floating IPs (served with @net-server/l3). */
export const QOS_FIP: ExtensionDescriptor = {
  alias: 'qos-fip',
  name: 'Floating IP QoS',
  description: 'The floating IP Quality of Service extension',
  updated: '2017-07-20T00:00:00-00:00',
  resourceAttributeMap: { floatingips: { [QOS_POLICY_ID]: qosPolicyId } },
  requiredExtensions: ['router', 'qos'],
  optionalExtensions: [],
};

/**
 * neutron_lib.api.definitions.qos_gateway_ip: `qos_policy_id` in a router's
 * `external_gateway_info` (served with @net-server/l3), which it redefines
 * with ext-gw-mode's keys and this one.
 */
export const QOS_GATEWAY_IP: ExtensionDescriptor = {
  alias: 'qos-gateway-ip',
  name: 'Router gateway IP QoS',
  description: 'The Router gateway IP Quality of Service extension',
  updated: '2018-02-24T00:00:00-00:00',
  resourceAttributeMap: {
    routers: {
      external_gateway_info: {
        allowPost: true,
        allowPut: true,
        isVisible: true,
        default: null,
        enforcePolicy: true,
        validate: {
          type: 'type:dict_or_nodata',
          arg: {
            network_id: { validate: { type: 'type:uuid' }, required: true },
            enable_snat: { validate: { type: 'type:boolean' }, required: false, convertTo: converters.convertToBoolean },
            external_fixed_ips: { validate: { type: 'type:fixed_ips' }, required: false },
            [QOS_POLICY_ID]: { validate: { type: 'type:uuid_or_none' }, required: false },
          },
        },
      },
    },
  },
  requiredExtensions: ['router', 'qos', 'ext-gw-mode'],
  optionalExtensions: [],
};

/** The descriptors this package contributes through `net_server.api.extensions`. */
export const qosExtensions: readonly ExtensionDescriptor[] = [
  QOS,
  QOS_BW_LIMIT_DIRECTION,
  QOS_BW_MINIMUM_INGRESS,
  QOS_DEFAULT,
  QOS_RULE_TYPE_DETAILS,
  QOS_RULE_TYPE_FILTER,
  QOS_PORT_NETWORK_POLICY,
  PORT_RESOURCE_REQUEST,
  PORT_RESOURCE_REQUEST_GROUPS,
  QOS_RULES_ALIAS,
  QOS_PPS,
  QOS_PPS_MINIMUM,
  QOS_PPS_MINIMUM_RULE_ALIAS,
  QOS_FIP,
  QOS_GATEWAY_IP,
];
