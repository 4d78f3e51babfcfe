import { BadRequest, Conflict, NotFound, defineNeutronException } from '@net-server/lib';

/** neutron.services.ndp_proxy.exceptions, as net-server errors (type = neutron's class name). */
export const RouterGatewayInUseByNDPProxy = defineNeutronException<{ router_id: unknown }>(
  Conflict,
  'RouterGatewayInUseByNDPProxy',
  'Unable to unset external gateway of router %(router_id)s, There are one or more ndp proxies still in use on the router.',
);

export const RouterInterfaceInUseByNDPProxy = defineNeutronException<{ router_id: unknown; subnet_id: unknown }>(
  Conflict,
  'RouterInterfaceInUseByNDPProxy',
  'Unable to remove subnet %(subnet_id)s from router %(router_id)s, There are one or more ndp proxies still in use on the subnet.',
);

export const AddressScopeConflict = defineNeutronException<{ ext_address_scope: unknown; internal_address_scope: unknown }>(
  Conflict,
  'AddressScopeConflict',
  "The IPv6 address scope %(ext_address_scope)s of external network conflict with internal network's IPv6 address scope %(internal_address_scope)s.",
);

export const RouterGatewayNotValid = defineNeutronException<{ router_id: unknown; reason: unknown }>(
  Conflict,
  'RouterGatewayNotValid',
  'Can not enable ndp proxy on router %(router_id)s, %(reason)s.',
);

export const RouterNDPProxyNotEnable = defineNeutronException<{ router_id: unknown }>(
  Conflict,
  'RouterNDPProxyNotEnable',
  'The enable_ndp_proxy parameter of router %(router_id)s must be set as True while create ndp proxy entry on it.',
);

export const PortUnreachableRouter = defineNeutronException<{ port_id: unknown; router_id: unknown }>(
  Conflict,
  'PortUnreachableRouter',
  'The port %(port_id)s cannot reach the router %(router_id)s by IPv6 subnet.',
);

export const InvalidAddress = defineNeutronException<{ address: unknown; reason: unknown }>(
  BadRequest,
  'InvalidAddress',
  'The address %(address)s is invalid, reason: %(reason)s.',
);

export const RouterIPv6GatewayInUse = defineNeutronException<{ router_id: unknown }>(
  Conflict,
  'RouterIPv6GatewayInUse',
  "Can't remove the IPv6 subnet from external gateway of router %(router_id)s, the IPv6 subnet in use by the router's ndp proxy.",
);

export const NDPProxyNotFound = defineNeutronException<{ id: unknown }>(NotFound, 'NDPProxyNotFound', 'Ndp proxy %(id)s could not be found.');

/** neutron's NeutronDbObjectDuplicateEntry for the (router_id, ip_address) unique constraint. */
export const NDPProxyDuplicate = defineNeutronException<{ values: unknown }>(
  Conflict,
  'NeutronDbObjectDuplicateEntry',
  "Failed to create a duplicate NDPProxy: for attribute(s) ['router_id', 'ip_address'] with value(s) %(values)s",
  { register: false },
);
