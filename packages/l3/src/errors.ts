import { BadRequest, Conflict, defineNeutronException, InUse, InvalidInput, NotFound } from '@net-server/lib';

/** neutron_lib.exceptions.l3 and extraroute, as net-server errors (type = neutron's class name). */
export const RouterNotFound = defineNeutronException<{ router_id: unknown }>(NotFound, 'RouterNotFound', 'Router %(router_id)s could not be found');
export const RouterInUse = defineNeutronException<{ router_id: unknown; reason?: unknown }>(InUse, 'RouterInUse', 'Router %(router_id)s %(reason)s', {
  defaults: { reason: 'still has ports' },
});
export const RouterInterfaceNotFound = defineNeutronException<{ router_id: unknown; port_id: unknown }>(
  NotFound,
  'RouterInterfaceNotFound',
  'Router %(router_id)s does not have an interface with id %(port_id)s',
);
export const RouterInterfaceNotFoundForSubnet = defineNeutronException<{ router_id: unknown; subnet_id: unknown }>(
  NotFound,
  'RouterInterfaceNotFoundForSubnet',
  'Router %(router_id)s has no interface on subnet %(subnet_id)s',
);
export const RouterInterfaceInUseByFloatingIP = defineNeutronException<{ router_id: unknown; subnet_id: unknown }>(
  InUse,
  'RouterInterfaceInUseByFloatingIP',
  'Router interface for subnet %(subnet_id)s on router %(router_id)s cannot be deleted, as it is required by one or more floating IPs.',
);
export const FloatingIPNotFound = defineNeutronException<{ floatingip_id: unknown }>(
  NotFound,
  'FloatingIPNotFound',
  'Floating IP %(floatingip_id)s could not be found',
);
export const ExternalGatewayForFloatingIPNotFound = defineNeutronException<{ external_network_id: unknown; subnet_id: unknown; port_id: unknown }>(
  NotFound,
  'ExternalGatewayForFloatingIPNotFound',
  'External network %(external_network_id)s is not reachable from subnet %(subnet_id)s.  Therefore, cannot associate Port %(port_id)s with a Floating IP.',
);
export const FloatingIPPortAlreadyAssociated = defineNeutronException<{
  floating_ip_address: unknown;
  fip_id: unknown;
  port_id: unknown;
  fixed_ip: unknown;
  net_id: unknown;
}>(
  InUse,
  'FloatingIPPortAlreadyAssociated',
  'Cannot associate floating IP %(floating_ip_address)s (%(fip_id)s) with port %(port_id)s using fixed IP %(fixed_ip)s, as that fixed IP already has a floating IP on external network %(net_id)s.',
);
export const RouterExternalGatewayInUseByFloatingIp = defineNeutronException<{ router_id: unknown; net_id: unknown }>(
  InUse,
  'RouterExternalGatewayInUseByFloatingIp',
  'Gateway cannot be updated for router %(router_id)s, since a gateway to external network %(net_id)s is required by one or more floating IPs.',
);
export const RouterInterfaceAttachmentConflict = defineNeutronException<{ reason: unknown }>(
  Conflict,
  'RouterInterfaceAttachmentConflict',
  'Error %(reason)s while attempting the operation.',
);
export const InvalidRoutes = defineNeutronException<{ routes: unknown; reason: unknown; error_message?: unknown }>(
  InvalidInput,
  'InvalidRoutes',
  'Invalid format for routes: %(routes)s, %(reason)s',
);
export const RouterInterfaceInUseByRoute = defineNeutronException<{ router_id: unknown; subnet_id: unknown }>(
  InUse,
  'RouterInterfaceInUseByRoute',
  'Router interface for subnet %(subnet_id)s on router %(router_id)s cannot be deleted, as it is required by one or more routes.',
);
export const RoutesExhausted = defineNeutronException<{ router_id: unknown; quota: unknown }>(
  BadRequest,
  'RoutesExhausted',
  'Unable to complete operation for %(router_id)s. The number of routes exceeds the maximum %(quota)s.',
);

/** neutron_lib.exceptions.l3_ext_ha_mode.NoVRIDAvailable: the project's HA network has no virtual router id left. */
export const NoVRIDAvailable = defineNeutronException<{ router_id: unknown }>(
  Conflict,
  'NoVRIDAvailable',
  'No more Virtual Router Identifier (VRID) available when creating router %(router_id)s. The limit of number of HA Routers per tenant is 254.',
);
