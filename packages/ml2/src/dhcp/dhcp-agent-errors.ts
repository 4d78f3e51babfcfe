import { BadRequest, Conflict, defineNeutronException } from '@net-server/lib';

/** neutron's InvalidDHCPAgent: adding a network to an agent that is no DHCP agent or is disabled. */
export const InvalidDHCPAgent = defineNeutronException<{ id: unknown }>(
  BadRequest,
  'InvalidDHCPAgent',
  'Agent %(id)s is not a valid DHCP Agent or has been disabled',
);

/** neutron's NetworkHostedByDHCPAgent. */
export const NetworkHostedByDHCPAgent = defineNeutronException<{ network_id: unknown; agent_id: unknown }>(
  Conflict,
  'NetworkHostedByDHCPAgent',
  'The network %(network_id)s has been already hosted by the DHCP Agent %(agent_id)s.',
);

/** neutron's NetworkNotHostedByDhcpAgent. */
export const NetworkNotHostedByDhcpAgent = defineNeutronException<{ network_id: unknown; agent_id: unknown }>(
  Conflict,
  'NetworkNotHostedByDhcpAgent',
  'The network %(network_id)s is not hosted by the DHCP agent %(agent_id)s.',
);
