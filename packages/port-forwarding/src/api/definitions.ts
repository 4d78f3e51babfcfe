import { constants, converters, pluginTypes, type AttributeSpec, type ExtensionDescriptor } from '@net-server/lib';

/** The plugin's service type (neutron_lib.plugins.constants.PORTFORWARDING). */
export const PORT_FORWARDING_SERVICE_TYPE = pluginTypes.PORTFORWARDING;

export const PORT_FORWARDINGS = 'port_forwardings';
const PROJECT_ID_FIELD_SIZE = 255;
const LONG_DESCRIPTION_FIELD_SIZE = 255;
const PORT_RANGE = [1, 65535] as const;

const sortableFilter = { isSort: true, isFilter: true } as const;

/*
 * The port forwarding's parameters once every extension of this package
 * has added its own (neutron merges them attribute by attribute): the
 * description, and ports that may be left out when ranges are given
 * (floating-ip-port-forwarding-port-ranges replaces `external_port` and
 * `internal_port`, dropping their conversion to integers). net-server's
 * API takes a sub-resource's parameters from the extension declaring it,
 * and this plugin always supports all of them.
 */
const parameters: Record<string, AttributeSpec> = {
  id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, primaryKey: true, ...sortableFilter },
  // neutron declares project_id; its API adds tenant_id beside it (populate_project_info), as net-server's does from tenant_id.
  tenant_id: { allowPost: true, allowPut: false, validate: { type: 'type:string', arg: PROJECT_ID_FIELD_SIZE }, requiredByPolicy: true, isVisible: false },
  external_port: {
    allowPost: true,
    allowPut: true,
    validate: { type: 'type:range_or_none', arg: PORT_RANGE },
    isVisible: true,
    default: null,
    ...sortableFilter,
  },
  internal_port: { allowPost: true, allowPut: true, validate: { type: 'type:range_or_none', arg: PORT_RANGE }, isVisible: true, default: null },
  internal_ip_address: { allowPost: true, allowPut: true, validate: { type: 'type:ip_address' }, isVisible: true },
  protocol: {
    allowPost: true,
    allowPut: true,
    validate: { type: 'type:values', arg: Object.keys(constants.IPTABLES_PROTOCOL_MAP) },
    isVisible: true,
    convertTo: converters.convertToProtocol,
    ...sortableFilter,
  },
  internal_port_id: { allowPost: true, allowPut: true, validate: { type: 'type:uuid' }, isVisible: true, ...sortableFilter },
  description: {
    allowPost: true,
    allowPut: true,
    validate: { type: 'type:string', arg: LONG_DESCRIPTION_FIELD_SIZE },
    isVisible: true,
    isSort: false,
    isFilter: true,
    default: '',
  },
  external_port_range: {
    allowPost: true,
    allowPut: true,
    validate: { type: 'type:port_range', arg: PORT_RANGE },
    isVisible: true,
    default: null,
    ...sortableFilter,
  },
  internal_port_range: { allowPost: true, allowPut: true, validate: { type: 'type:port_range', arg: PORT_RANGE }, isVisible: true, default: null },
};

/**
 * neutron_lib.api.definitions.floating_ip_port_forwarding: port forwardings
 * as a sub-resource of floating IPs, /v2.0/floatingips/{id}/port_forwardings.
 */
export const FLOATING_IP_PORT_FORWARDING: ExtensionDescriptor = {
  alias: 'floating-ip-port-forwarding',
  name: 'Floating IP Port Forwarding',
  description: 'Allow port forwarding from floating IP port to an internal port',
  updated: '2018-01-19T10:00:00-00:00',
  resourceAttributeMap: {},
  subresourceAttributeMap: {
    [PORT_FORWARDINGS]: { parent: { collectionName: 'floatingips', memberName: 'floatingip' }, parameters },
  },
  serviceType: PORT_FORWARDING_SERVICE_TYPE,
  requiredExtensions: ['router'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.fip_pf_description: `description` (declared in the sub-resource's parameters). */
export const FIP_PF_DESCRIPTION: ExtensionDescriptor = {
  alias: 'floating-ip-port-forwarding-description',
  name: 'Floating IP Port Forwarding new attribute description',
  description: 'Add a description field to Port Forwarding rules',
  updated: '2019-11-01T10:00:00-00:00',
  resourceAttributeMap: {},
  requiredExtensions: [FLOATING_IP_PORT_FORWARDING.alias],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.fip_pf_detail, a shim: floating IPs show each forwarding's `id` and `internal_port_id`. */
export const FIP_PF_DETAIL: ExtensionDescriptor = {
  alias: 'floating-ip-port-forwarding-detail',
  name: 'Floating IP port forwarding detail',
  description: "Allow list floating ip return more port forwarding data, include'id' and 'internal_port_id'",
  updated: '2022-05-06T10:00:00-00:00',
  resourceAttributeMap: {},
  requiredExtensions: [],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.fip_pf_port_range: `external_port_range` and `internal_port_range` (declared in the parameters). */
export const FIP_PF_PORT_RANGE: ExtensionDescriptor = {
  alias: 'floating-ip-port-forwarding-port-ranges',
  name: 'Floating IP Port Forwarding support port ranges',
  description: 'Add suport to port ranges',
  updated: '2020-07-01T10:00:00-00:00',
  resourceAttributeMap: {},
  requiredExtensions: [FLOATING_IP_PORT_FORWARDING.alias],
  optionalExtensions: [FIP_PF_DESCRIPTION.alias],
};

/** neutron_lib.api.definitions.expose_port_forwarding_in_fip: a floating IP's `port_forwardings`. */
export const EXPOSE_PORT_FORWARDING_IN_FIP: ExtensionDescriptor = {
  alias: 'expose-port-forwarding-in-fip',
  name: 'Expose Floating IP port forwardings',
  description: 'Expose port forwarding fields in floating IP response',
  updated: '2018-06-28T16:00:00-00:00',
  resourceAttributeMap: {
    floatingips: { [PORT_FORWARDINGS]: { allowPost: false, allowPut: false, isVisible: true, default: null } },
  },
  requiredExtensions: ['router', FLOATING_IP_PORT_FORWARDING.alias],
  optionalExtensions: [],
};

/** The descriptors this package contributes through `net_server.api.extensions`. */
export const portForwardingExtensions: readonly ExtensionDescriptor[] = [
  FLOATING_IP_PORT_FORWARDING,
  FIP_PF_DESCRIPTION,
  FIP_PF_DETAIL,
  FIP_PF_PORT_RANGE,
  EXPOSE_PORT_FORWARDING_IN_FIP,
];
