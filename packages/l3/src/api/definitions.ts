import { ATTR_NOT_SPECIFIED, converters, definitions, type AttributeSpec, type ExtensionDescriptor, type validators } from '@net-server/lib';

type DictKeySpecs = validators.DictKeySpecs;

/** The service type routers and floating IPs belong to (neutron_lib.plugins.constants.L3). */
export const L3_ROUTER_NAT = 'L3_ROUTER_NAT';

const PROJECT_ID_FIELD_SIZE = 255;
const NAME_FIELD_SIZE = 255;

/*
 * description, created_at, updated_at and revision_number, which routers and
 * floating IPs have in neutron through the standard-attr-* extensions:
 * net-server's API applies those to the core collections only, so this
 * package declares them on its own collections (the same specs, merged
 * identically should the API extend them one day). Tags are the `tag`
 * plugin's standard-attr-tag, which extends both collections.
 */
const STANDARD_ATTRIBUTES = { ...definitions.DESCRIPTION_BODY, ...definitions.TIMESTAMP_BODY, ...definitions.REVISION_BODY };

/** `external_gateway_info`: `network_id` and `external_fixed_ips`, plus what an extension adds (ext-gw-mode's `enable_snat`). */
function gatewayInfo(extraKeys: DictKeySpecs): AttributeSpec {
  return {
    allowPost: true,
    allowPut: true,
    isVisible: true,
    default: null,
    enforcePolicy: true,
    validate: {
      type: 'type:dict_or_nodata',
      arg: {
        network_id: { validate: { type: 'type:uuid' }, required: true },
        ...extraKeys,
        external_fixed_ips: { validate: { type: 'type:fixed_ips' }, required: false },
      },
    },
  };
}

/** neutron_lib.api.definitions.l3 ('router'). */
export const ROUTER: ExtensionDescriptor = {
  alias: 'router',
  name: 'Neutron L3 Router',
  description: 'Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.',
  updated: '2012-07-20T10:00:00-00:00',
  resourceAttributeMap: {
    routers: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true, isSort: true, primaryKey: true },
      name: {
        allowPost: true,
        allowPut: true,
        validate: { type: 'type:string', arg: NAME_FIELD_SIZE },
        isFilter: true,
        isSort: true,
        isVisible: true,
        default: '',
      },
      admin_state_up: { allowPost: true, allowPut: true, default: true, convertTo: converters.convertToBoolean, isFilter: true, isSort: true, isVisible: true },
      status: { allowPost: false, allowPut: false, isSort: true, isVisible: true },
      tenant_id: {
        allowPost: true,
        allowPut: false,
        requiredByPolicy: true,
        validate: { type: 'type:string', arg: PROJECT_ID_FIELD_SIZE },
        isFilter: true,
        isSort: true,
        isVisible: true,
      },
      external_gateway_info: gatewayInfo({}),
      ...STANDARD_ATTRIBUTES,
    },
    floatingips: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true, isSort: true, primaryKey: true },
      floating_ip_address: {
        allowPost: true,
        allowPut: false,
        validate: { type: 'type:ip_address_or_none' },
        isSort: true,
        isFilter: true,
        isVisible: true,
        default: null,
        enforcePolicy: true,
      },
      subnet_id: { allowPost: true, allowPut: false, validate: { type: 'type:uuid_or_none' }, isVisible: false, default: null },
      floating_network_id: { allowPost: true, allowPut: false, validate: { type: 'type:uuid' }, isFilter: true, isSort: true, isVisible: true },
      router_id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid_or_none' }, isFilter: true, isSort: true, isVisible: true, default: null },
      port_id: {
        allowPost: true,
        allowPut: true,
        validate: { type: 'type:uuid_or_none' },
        isFilter: true,
        isVisible: true,
        default: null,
        requiredByPolicy: true,
      },
      fixed_ip_address: {
        allowPost: true,
        allowPut: true,
        validate: { type: 'type:ip_address_or_none' },
        isFilter: true,
        isSort: true,
        isVisible: true,
        default: null,
      },
      tenant_id: {
        allowPost: true,
        allowPut: false,
        requiredByPolicy: true,
        validate: { type: 'type:string', arg: PROJECT_ID_FIELD_SIZE },
        isFilter: true,
        isSort: true,
        isVisible: true,
      },
      status: { allowPost: false, allowPut: false, isFilter: true, isSort: true, isVisible: true },
      ...STANDARD_ATTRIBUTES,
    },
  },
  actionMap: { router: { add_router_interface: 'PUT', remove_router_interface: 'PUT' } },
  serviceType: L3_ROUTER_NAT,
  requiredExtensions: [],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.l3_ext_gw_mode ('ext-gw-mode'): `enable_snat` in the gateway info. */
export const EXT_GW_MODE: ExtensionDescriptor = {
  alias: 'ext-gw-mode',
  name: 'Neutron L3 Configurable external gateway mode',
  description: 'Extension of the router abstraction for specifying whether SNAT should occur on the external gateway',
  updated: '2013-03-28T10:00:00-00:00',
  resourceAttributeMap: {
    routers: {
      external_gateway_info: gatewayInfo({ enable_snat: { validate: { type: 'type:boolean' }, required: false, convertTo: converters.convertToBoolean } }),
    },
  },
  requiredExtensions: ['router'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.extraroute ('extraroute'): static routes on a router. */
export const EXTRAROUTE: ExtensionDescriptor = {
  alias: 'extraroute',
  name: 'Neutron Extra Route',
  description: 'Extra routes configuration for L3 router',
  updated: '2013-02-01T10:00:00-00:00',
  resourceAttributeMap: {
    routers: {
      routes: {
        allowPost: false,
        allowPut: true,
        validate: { type: 'type:hostroutes' },
        convertTo: converters.convertNoneToEmptyList,
        isVisible: true,
        default: ATTR_NOT_SPECIFIED,
      },
    },
  },
  requiredExtensions: ['router'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.extraroute_atomic ('extraroute-atomic'): routes added to or removed from a router's in one request. */
export const EXTRAROUTE_ATOMIC: ExtensionDescriptor = {
  alias: 'extraroute-atomic',
  name: 'Atomically add/remove extra routes',
  description: 'Edit extra routes of a router on server side by atomically adding/removing extra routes',
  updated: '2019-07-10T00:00:00+00:00',
  resourceAttributeMap: { routers: {} },
  actionMap: { router: { add_extraroutes: 'PUT', remove_extraroutes: 'PUT' } },
  serviceType: L3_ROUTER_NAT,
  requiredExtensions: ['router', 'extraroute'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.fip_port_details ('fip-port-details'): a read-only summary of the port a floating IP maps to, null when it maps to none. */
export const FIP_PORT_DETAILS: ExtensionDescriptor = {
  alias: 'fip-port-details',
  name: 'Floating IP Port Details Extension',
  description: 'Add port_details attribute to Floating IP resource',
  updated: '2018-04-09T10:00:00-00:00',
  resourceAttributeMap: {
    floatingips: {
      port_details: { allowPost: false, allowPut: false, default: ATTR_NOT_SPECIFIED, isVisible: true },
    },
  },
  requiredExtensions: ['router'],
  optionalExtensions: [],
};

/** A router attribute neutron's dvr and l3-ha extensions add: a boolean, defaulted by configuration when not given, admin-only by policy. */
const routerModeAttribute: AttributeSpec = {
  allowPost: true,
  allowPut: true,
  isVisible: true,
  default: ATTR_NOT_SPECIFIED,
  convertTo: converters.convertToBooleanIfNotNone,
  enforcePolicy: true,
};

/** neutron's l3agentscheduler extension, read-only here: `GET /v2.0/routers/{id}/l3-agents` and `GET /v2.0/agents/{id}/l3-routers`. */
export const L3_AGENT_SCHEDULER: ExtensionDescriptor = {
  alias: 'l3_agent_scheduler',
  name: 'L3 Agent Scheduler',
  description: 'Schedule routers among l3 agents',
  updated: '2013-02-07T10:00:00-00:00',
  resourceAttributeMap: {},
  subresourceAttributeMap: {
    l3_agents: {
      parent: { collectionName: 'routers', memberName: 'router' },
      // As neutron's RouterL3AgentController, whose list answers {"agents": [...]} under its own rule.
      listKey: 'agents',
      policyActions: { get: 'get_l3-agents' },
      // The agents as the `agent` extension shows them; nothing here is writable.
      parameters: Object.fromEntries(
        [
          'id',
          'agent_type',
          'binary',
          'topic',
          'host',
          'admin_state_up',
          'alive',
          'configurations',
          'created_at',
          'started_at',
          'heartbeat_timestamp',
          'description',
          'availability_zone',
          'resources_synced',
          // l3-ha: the router's state on the agent (active, standby), null for a router that is not HA.
          'ha_state',
        ].map((name) => [name, { allowPost: false, allowPut: false, isVisible: true, ...(name === 'id' ? { primaryKey: true } : {}) }]),
      ),
    },
    l3_routers: {
      parent: { collectionName: 'agents', memberName: 'agent' },
      // As neutron's RouterSchedulerController, whose list answers {"routers": [...]}: routers as /v2.0/routers shows them.
      listKey: 'routers',
      policyActions: { get: 'get_l3-routers' },
      parameters: {
        ...ROUTER.resourceAttributeMap['routers'],
        ...EXT_GW_MODE.resourceAttributeMap['routers'],
        ...EXTRAROUTE.resourceAttributeMap['routers'],
        // dvr and l3-ha, which this plugin always serves: an agent's routers show their modes, as /v2.0/routers does to admins.
        distributed: routerModeAttribute,
        ha: routerModeAttribute,
      },
    },
  },
  serviceType: L3_ROUTER_NAT,
  requiredExtensions: ['router', 'agent'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.router_availability_zone: routers' zones, from the L3 agents hosting them. */
export const ROUTER_AVAILABILITY_ZONE: ExtensionDescriptor = {
  alias: 'router_availability_zone',
  name: 'Router Availability Zone',
  description: 'Availability zone support for router.',
  updated: '2015-01-01T10:00:00-00:00',
  resourceAttributeMap: {
    routers: {
      availability_zones: { allowPost: false, allowPut: false, isVisible: true },
      availability_zone_hints: { allowPost: true, allowPut: false, isVisible: true, validate: { type: 'type:availability_zone_hint_list' }, default: [] },
    },
  },
  requiredExtensions: ['router', 'availability_zone'],
  optionalExtensions: [],
};

const readOnly = (validate?: AttributeSpec['validate']): AttributeSpec => ({
  allowPost: false,
  allowPut: false,
  isVisible: true,
  ...(validate ? { validate } : {}),
});

/** neutron_lib.api.definitions.floatingip_pools: the subnets floating IPs come from, GET /v2.0/floatingip_pools. */
export const FLOATINGIP_POOLS: ExtensionDescriptor = {
  alias: 'floatingip-pools',
  name: 'Floating IP Pools Extension',
  description: 'Provides a floating IP pools API.',
  updated: '2018-03-21T10:00:00-00:00',
  resourceAttributeMap: {
    floatingip_pools: {
      subnet_id: readOnly({ type: 'type:uuid' }),
      subnet_name: readOnly({ type: 'type:string', arg: 255 }),
      network_id: readOnly({ type: 'type:uuid' }),
      cidr: readOnly({ type: 'type:subnet_or_none' }),
      // neutron declares project_id; its API adds tenant_id beside it, as net-server's does from tenant_id.
      tenant_id: readOnly({ type: 'type:string', arg: 255 }),
    },
  },
  // neutron serves it as named, /v2.0/floatingip_pools.
  collectionPaths: { floatingip_pools: 'floatingip_pools' },
  serviceType: L3_ROUTER_NAT,
  requiredExtensions: ['router'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.l3_port_ip_change_not_allowed, a shim: a router interface port's IPv4 addresses are not changed through the port. */
export const L3_PORT_IP_CHANGE_NOT_ALLOWED: ExtensionDescriptor = {
  alias: 'l3-port-ip-change-not-allowed',
  name: 'Prevent L3 router ports IP address change extension',
  description: 'Prevent change of IP address for some L3 router ports',
  updated: '2018-10-09T10:00:00-00:00',
  resourceAttributeMap: {},
  requiredExtensions: ['router'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.dvr ('dvr'): `distributed` routers. */
export const DVR: ExtensionDescriptor = {
  alias: 'dvr',
  name: 'Distributed Virtual Router',
  description: 'Enables configuration of Distributed Virtual Routers.',
  updated: '2014-06-1T10:00:00-00:00',
  resourceAttributeMap: { routers: { distributed: routerModeAttribute } },
  requiredExtensions: ['router'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.l3_ext_ha_mode ('l3-ha'): `ha` routers. */
export const L3_HA: ExtensionDescriptor = {
  alias: 'l3-ha',
  name: 'HA Router extension',
  description: 'Adds HA capability to routers.',
  updated: '2014-04-26T00:00:00-00:00',
  resourceAttributeMap: { routers: { ha: routerModeAttribute } },
  requiredExtensions: ['router'],
  optionalExtensions: [],
};

/** neutron_lib.api.definitions.router_admin_state_down_before_update, a shim: `distributed` changes only on a router that was down before the request. */
export const ROUTER_ADMIN_STATE_DOWN_BEFORE_UPDATE: ExtensionDescriptor = {
  alias: 'router-admin-state-down-before-update',
  name: "Enforce Router's Admin State Down Before Update Extension",
  description: 'Ensure that the admin state of a router is DOWN (admin_state_up=False) before updating the distributed attribute',
  updated: '2019-07-02T15:56:00',
  resourceAttributeMap: {},
  requiredExtensions: ['dvr'],
  optionalExtensions: [],
};

/** The descriptors this package contributes through `net_server.api.extensions`. */
export const l3Extensions: readonly ExtensionDescriptor[] = [
  ROUTER,
  EXT_GW_MODE,
  EXTRAROUTE,
  EXTRAROUTE_ATOMIC,
  FIP_PORT_DETAILS,
  L3_AGENT_SCHEDULER,
  ROUTER_AVAILABILITY_ZONE,
  FLOATINGIP_POOLS,
  L3_PORT_IP_CHANGE_NOT_ALLOWED,
  DVR,
  L3_HA,
  ROUTER_ADMIN_STATE_DOWN_BEFORE_UPDATE,
];
