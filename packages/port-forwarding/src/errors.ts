import { BadRequest, InUse, NotFound, defineNeutronException } from '@net-server/lib';

/** neutron.services.portforwarding.common.exceptions, as net-server errors (type = neutron's class name). */
export const PortForwardingNotFound = defineNeutronException<{ id: unknown }>(NotFound, 'PortForwardingNotFound', 'Port Forwarding %(id)s could not be found.');

export const PortForwardingNotSupportFilterField = defineNeutronException<{ filter: unknown }>(
  BadRequest,
  'PortForwardingNotSupportFilterField',
  'Port Forwarding filter %(filter)s is not supported.',
);

export const FipInUseByPortForwarding = defineNeutronException<{ id: unknown }>(
  InUse,
  'FipInUseByPortForwarding',
  'Floating IP %(id)s in use by Port Forwarding resources.',
);

export const PortHasBindingFloatingIP = defineNeutronException<{ floating_ip_address: unknown; fip_id: unknown; port_id: unknown; fixed_ip: unknown }>(
  InUse,
  'PortHasBindingFloatingIP',
  'Cannot create port forwarding to floating IP %(floating_ip_address)s (%(fip_id)s) with port %(port_id)s using fixed IP %(fixed_ip)s, as that port already has a binding floating IP.',
);

/** neutron answers the plugin's other refusals as a BadRequest of the resource `port_forwarding`, with the reason as the message. */
export function badForwarding(msg: string): Error {
  return new BadRequest({ resource: 'port_forwarding', msg });
}
