/** IP versions, IPv6 address modes and well-known prefixes. */
export const IPv4 = 'IPv4';
export const IPv6 = 'IPv6';
export const IP_VERSION_4 = 4;
export const IP_VERSION_6 = 6;
export const IP_ALLOWED_VERSIONS = [IP_VERSION_4, IP_VERSION_6] as const;
export const IPv4_BITS = 32;
export const IPv6_BITS = 128;
export const IPv4_ANY = '0.0.0.0/0';
export const IPv6_ANY = '::/0';
export const IPv6_LLA_PREFIX = 'fe80::/64';
export const VALID_ETHERTYPES = [IPv4, IPv6] as const;

/** `ipv6_ra_mode` / `ipv6_address_mode` values. */
export const DHCPV6_STATEFUL = 'dhcpv6-stateful';
export const DHCPV6_STATELESS = 'dhcpv6-stateless';
export const IPV6_SLAAC = 'slaac';
export const IPV6_MODES = [DHCPV6_STATEFUL, DHCPV6_STATELESS, IPV6_SLAAC] as const;

/** The subnet pool id meaning IPv6 prefix delegation. */
export const IPV6_PD_POOL_ID = 'prefix_delegation';

export const BROADCAST_MAC = 'FF:FF:FF:FF:FF:FF';
export const INVALID_MAC_ADDRESSES = ['00:00:00:00:00:00', BROADCAST_MAC] as const;

export const DHCP_CLIENT_PORT = 68;
export const DHCP_RESPONSE_PORT = 67;
export const DHCPV6_CLIENT_PORT = 546;
export const DHCPV6_RESPONSE_PORT = 547;
export const METADATA_V4_IP = '169.254.169.254';
export const METADATA_V4_CIDR = '169.254.169.254/32';
