import { DNSNameServersExhausted, HostRoutesExhausted, firstAddress, formatCidr, formatIpAddress, parseCidr, parseIpAddress, type Cidr } from '@net-server/lib';
import { isAutoAddressSubnet } from '../../ipam/ipv6-modes.js';
import { gatewayInvalidInSubnet } from '../../ipam/subnet-checks.js';
import type { BasePluginSettings } from '../settings.js';
import { invalid } from './invalid-subnet.js';
import type { HostRoute, SubnetSpec } from './subnet-spec.js';

function checkVersion(version: number, text: string, attribute: string): void {
  const ip = parseIpAddress(text) ?? parseCidr(text);
  if (ip && ip.version !== version) {
    throw invalid(`${attribute} '${text}' does not match the ip_version '${version}'`);
  }
}

/**
 * neutron's _validate_subnet, for the attributes present in `s` (create:
 * all of them, update: the changed ones merged with `current`).
 */
export function validateSubnet(s: SubnetSpec, settings: BasePluginSettings, creating: boolean, subnetId: string): void {
  const version = s.ipVersion;
  checkVersion(version, formatCidr(s.cidr), 'cidr');
  if (s.enableDhcp && s.dhcpNewlyEnabled) validateDhcpCidr(version, s.cidr);
  if (s.gateway) {
    checkVersion(version, formatIpAddress(s.gateway), 'gateway_ip');
    if (gatewayInvalidInSubnet(s.cidr, s.gateway)) throw invalid('Gateway is not valid on subnet');
  }
  const quotaSubnetId = creating ? 'new subnet' : subnetId;
  if (s.dnsNameservers !== undefined) validateNameservers(version, s.dnsNameservers, settings.maxDnsNameservers, quotaSubnetId);
  if (s.hostRoutes !== undefined) validateHostRoutes(version, s.hostRoutes, settings.maxSubnetHostRoutes, quotaSubnetId);
  if (version === 4) {
    if (s.raMode !== null) throw invalid('ipv6_ra_mode is not valid when ip_version is 4');
    if (s.addressMode !== null) throw invalid('ipv6_address_mode is not valid when ip_version is 4');
  } else if (creating) {
    validateIpv6Modes(s);
  } else if (s.dhcpDisabled && (s.raMode !== null || s.addressMode !== null)) {
    throw invalid('Cannot disable enable_dhcp with ipv6 attributes set');
  }
}

/** A CIDR DHCP can serve: room for a DHCP port, not multicast, loopback or (IPv4) starting at 0.0.0.0. */
function validateDhcpCidr(version: 4 | 6, cidr: Cidr): void {
  if ((version === 4 && cidr.prefixLength > 30) || (version === 6 && cidr.prefixLength > 126)) {
    throw invalid('Subnet has a prefix length that is incompatible with DHCP service enabled');
  }
  const first = firstAddress(cidr).value;
  const multicast = version === 4 ? first >> 28n === 0xen : first >> 120n === 0xffn;
  if (multicast) throw invalid('Multicast IP subnet is not supported if enable_dhcp is True');
  const loopback = version === 4 ? first >> 24n === 127n : first === 1n && cidr.prefixLength === 128;
  if (loopback) throw invalid('Loopback IP subnet is not supported if enable_dhcp is True');
  if (version === 4 && first === 0n) throw invalid("First IP '0.0.0.0' of network is not supported if enable_dhcp is True.");
}

function validateNameservers(version: 4 | 6, servers: readonly string[], quota: number, subnetId: string): void {
  if (servers.length > quota) throw new DNSNameServersExhausted({ subnet_id: subnetId, quota });
  for (const address of servers) {
    if (!parseIpAddress(address)) throw invalid(`Error parsing dns address ${address}`);
    checkVersion(version, address, 'dns_nameserver');
  }
}

function validateHostRoutes(version: 4 | 6, routes: readonly HostRoute[], quota: number, subnetId: string): void {
  if (routes.length > quota) throw new HostRoutesExhausted({ subnet_id: subnetId, quota });
  for (const route of routes) {
    const destination = parseCidr(route.destination);
    const nexthop = parseIpAddress(route.nexthop);
    if (!destination || !nexthop) throw invalid(`Invalid route: ${JSON.stringify(route)}`);
    checkVersion(version, route.nexthop, 'nexthop');
    checkVersion(version, route.destination, 'destination');
  }
}

/** neutron's _validate_ipv6_attributes for a new subnet. */
function validateIpv6Modes(s: SubnetSpec): void {
  if ((s.raMode !== null || s.addressMode !== null) && !s.enableDhcp) {
    throw invalid('ipv6_ra_mode or ipv6_address_mode cannot be set when enable_dhcp is set to False');
  }
  if (s.raMode !== null && s.addressMode !== null && s.raMode !== s.addressMode) {
    throw invalid(
      `ipv6_ra_mode set to '${s.raMode}' with ipv6_address_mode set to '${s.addressMode}' is not valid. ` +
        'If both attributes are set, they must be the same value',
    );
  }
  const auto = isAutoAddressSubnet({ ip_version: 6, ipv6_ra_mode: s.raMode, ipv6_address_mode: s.addressMode });
  if (auto && s.cidr.prefixLength !== 64) {
    throw invalid(`Invalid CIDR ${formatCidr(s.cidr)} for IPv6 address mode. OpenStack uses the EUI-64 address format, which requires the prefix to be /64`);
  }
}
