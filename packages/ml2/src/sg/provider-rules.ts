import type { ResourceDict } from '@net-server/lib';

const ICMPV6_TYPE_RA = 134;
/** [server port, client port, ethertype] per IP version (neutron's DHCP_RULE_PORT). */
const DHCP_RULE_PORT = { 4: [67, 68, 'IPv4'], 6: [547, 546, 'IPv6'] } as const;

/**
 * The rules neutron adds to every port besides its groups' (its
 * _apply_provider_rule): router advertisements in for IPv6 ports, and DHCP
 * replies in, to the port's own addresses (and broadcast, or link-local for
 * IPv6), so that ports get their leases whatever their groups say.
 */
export function providerRules(fixedIps: readonly string[]): ResourceDict[] {
  const rules: ResourceDict[] = [];
  if (fixedIps.some((ip) => ip.includes(':'))) {
    rules.push({ direction: 'ingress', ethertype: 'IPv6', protocol: 'ipv6-icmp', source_port_range_min: ICMPV6_TYPE_RA });
  }
  for (const version of [4, 6] as const) {
    const ours = fixedIps.filter((ip) => ip.includes(':') === (version === 6)).map((ip) => `${ip}/${version === 4 ? 32 : 128}`);
    const dests = [...ours, version === 4 ? '255.255.255.255/32' : 'fe80::/64'];
    const [source, dest, ethertype] = DHCP_RULE_PORT[version];
    for (const prefix of dests) {
      rules.push({
        direction: 'ingress',
        ethertype,
        protocol: 'udp',
        port_range_min: dest,
        port_range_max: dest,
        source_port_range_min: source,
        source_port_range_max: source,
        dest_ip_prefix: prefix,
      });
    }
  }
  return rules;
}
