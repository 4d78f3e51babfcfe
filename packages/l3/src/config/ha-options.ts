import { hasHostBits, parseCidr, PluginConfigError } from '@net-server/lib';

/** neutron_lib's HANetworkCIDRNotValid: `l3_ha_net_cidr` is not a network CIDR (an address with a prefix, no host bits). */
export class HaNetworkCidrNotValidError extends PluginConfigError {
  override readonly code = 'L3_HA_NETWORK_CIDR_NOT_VALID';
  constructor(cidr: string) {
    super(
      'DEFAULT',
      'l3_ha_net_cidr',
      `The HA Network CIDR specified in the configuration file isn't valid; ${cidr}. Give a network such as 169.254.192.0/18.`,
    );
    this.name = 'HaNetworkCidrNotValidError';
  }
}

/** neutron_lib's HAMaximumAgentsNumberNotValid: `max_l3_agents_per_router` is negative. */
export class HaMaximumAgentsNumberNotValidError extends PluginConfigError {
  override readonly code = 'L3_HA_MAXIMUM_AGENTS_NUMBER_NOT_VALID';
  constructor(maxAgents: number) {
    super(
      'DEFAULT',
      'max_l3_agents_per_router',
      `max_l3_agents_per_router ${maxAgents} config parameter is not valid as it cannot be negative. It must be 1 or greater. Alternatively, it can be 0 to mean unlimited.`,
    );
    this.name = 'HaMaximumAgentsNumberNotValidError';
  }
}

/** neutron's L3_HA_NAT_db_mixin._verify_configuration, which stops the server from starting with either option wrong. */
export function verifyHaOptions(cidr: string, maxAgents: number): void {
  const parsed = parseCidr(cidr);
  if (!parsed || hasHostBits(parsed)) throw new HaNetworkCidrNotValidError(cidr);
  if (maxAgents < 0) throw new HaMaximumAgentsNumberNotValidError(maxAgents);
}
