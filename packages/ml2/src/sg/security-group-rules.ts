import { constants } from '@net-server/lib';
import type { Ml2Tables } from '../db/schema.js';
import {
  SecurityGroupEthertypeConflictWithProtocol,
  SecurityGroupInvalidIcmpValue,
  SecurityGroupInvalidPortRange,
  SecurityGroupInvalidPortValue,
  SecurityGroupInvalidProtocolForPort,
  SecurityGroupMissingIcmpType,
  SecurityGroupMultipleRemoteEntites,
  SecurityGroupProtocolRequiredWithPorts,
  SecurityGroupRuleParameterConflict,
} from './security-group-errors.js';

/** What neutron checks and compares of a rule; the API has converted the values (protocols are names or decimal text). */
export type RuleFields = Pick<
  Ml2Tables['ml2_security_group_rules'],
  'direction' | 'ethertype' | 'protocol' | 'port_range_min' | 'port_range_max' | 'remote_ip_prefix' | 'remote_group_id' | 'remote_address_group_id'
>;

const { IP_PROTOCOL_MAP } = constants;

/** neutron's SG_PORT_PROTO_NAMES: the protocols whose rules take port ranges. */
const PORT_PROTOCOLS: readonly string[] = ['dccp', 'sctp', 'tcp', 'udp', 'udplite'];
const PORT_PROTOCOL_NUMBERS: readonly number[] = PORT_PROTOCOLS.map((name) => IP_PROTOCOL_MAP[name]!);
/** ICMP and ICMPv6, whose rules take a type and a code in the port range. */
const ICMP_NUMBERS: readonly number[] = [IP_PROTOCOL_MAP['icmp']!, IP_PROTOCOL_MAP['ipv6-icmp']!];
/** neutron's IPV6_ICMP_LEGACY_PROTO_LIST: what IPv6 rules may call ICMPv6. */
const LEGACY_IPV6_ICMP: readonly string[] = ['icmp', 'icmpv6'];
/** Protocols that only IPv6 carries, by name and number (neutron's _validate_ethertype_and_protocol). */
const IPV6_ONLY_NAMES = ['ipv6-encap', 'ipv6-frag', 'ipv6-icmp', 'icmpv6', 'ipv6-nonxt', 'ipv6-opts', 'ipv6-route'];
const IPV6_ONLY: readonly string[] = [...IPV6_ONLY_NAMES, ...IPV6_ONLY_NAMES.map((name) => String(IP_PROTOCOL_MAP[name]))];
/** neutron's IP_PROTOCOL_NUM_TO_NAME_MAP: a number's last name in IP_PROTOCOL_MAP ("0" is "ip"), legacy "icmpv6" aside. */
const NUMBER_TO_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(IP_PROTOCOL_MAP)
    .filter(([name]) => name !== 'icmpv6')
    .map(([name, number]) => [String(number), name]),
);
/** Prefixes that mean any address, the same as none when rules are compared. */
const ANY_ADDRESS: readonly string[] = ['0.0.0.0/0', '::/0'];

/** An IPv6 rule's ICMP is ICMPv6, whatever it was called (neutron's legacy names and number 1). */
function ipv6Icmp(protocol: string | null, ethertype: string): string | null {
  if (ethertype !== 'IPv6' || protocol === null) return protocol;
  if (LEGACY_IPV6_ICMP.includes(protocol)) return 'ipv6-icmp';
  return protocol === String(IP_PROTOCOL_MAP['icmp']) ? String(IP_PROTOCOL_MAP['ipv6-icmp']) : protocol;
}

/**
 * neutron's _make_canonical_ipv6_icmp_protocol and _make_canonical_port_range:
 * a rule as neutron stores it. The whole range 1-65535 is stored as no range,
 * which backends handle better.
 */
export function canonicalRule(rule: RuleFields): RuleFields {
  const whole = rule.port_range_min === 1 && rule.port_range_max === 65535;
  return { ...rule, protocol: ipv6Icmp(rule.protocol, rule.ethertype), ...(whole ? { port_range_min: null, port_range_max: null } : {}) };
}

/** neutron's _get_ip_proto_number. */
function protocolNumber(protocol: string): number {
  return IP_PROTOCOL_MAP[protocol] ?? Number(protocol);
}

/**
 * The checks of neutron's _validate_security_group_rule that need no
 * database, in its order: the port range for the protocol, the prefix's
 * address family, IPv6-only protocols, and a single remote.
 */
export function validateRule(rule: RuleFields): void {
  validatePortRange(rule);
  const prefix = rule.remote_ip_prefix;
  if (prefix !== null && (prefix.includes(':') ? 'IPv6' : 'IPv4') !== rule.ethertype) {
    throw new SecurityGroupRuleParameterConflict({ ethertype: rule.ethertype, cidr: prefix });
  }
  if (rule.protocol !== null && IPV6_ONLY.includes(rule.protocol) && rule.ethertype === 'IPv4') {
    throw new SecurityGroupEthertypeConflictWithProtocol({ ethertype: rule.ethertype, protocol: rule.protocol });
  }
  const remotes = [prefix, rule.remote_group_id, rule.remote_address_group_id].filter((remote) => remote !== null);
  if (remotes.length > 1) throw new SecurityGroupMultipleRemoteEntites({});
}

/** neutron's _validate_port_range: ports for the protocols that have them, type and code for ICMP, nothing for the others. */
function validatePortRange(rule: RuleFields): void {
  const { port_range_min: min, port_range_max: max } = rule;
  if (min === null && max === null) return;
  if (!rule.protocol) throw new SecurityGroupProtocolRequiredWithPorts({});
  const number = protocolNumber(rule.protocol);
  if (PORT_PROTOCOL_NUMBERS.includes(number)) {
    if (min === 0 || max === 0) throw new SecurityGroupInvalidPortValue({ port: 0 });
    if (min === null || max === null || min > max) throw new SecurityGroupInvalidPortRange({});
  } else if (ICMP_NUMBERS.includes(number)) {
    for (const [attr, field, value] of [
      ['port_range_min', 'type', min],
      ['port_range_max', 'code', max],
    ] as const) {
      if (value !== null && (value < 0 || value > 255)) throw new SecurityGroupInvalidIcmpValue({ field, attr, value });
    }
    if (min === null) throw new SecurityGroupMissingIcmpType({ value: max });
  } else {
    throw new SecurityGroupInvalidProtocolForPort({ protocol: number, valid_port_protocols: PORT_PROTOCOLS.map((name) => name.toUpperCase()).join(', ') });
  }
}

/** neutron's _get_ip_proto_name_and_num: "tcp" and "6" are one protocol. */
function protocolNameAndNumber(protocol: string, ethertype: string): [string, string] {
  const canonical = ipv6Icmp(protocol, ethertype)!;
  const number = IP_PROTOCOL_MAP[canonical];
  return number !== undefined ? [canonical, String(number)] : [NUMBER_TO_NAME.get(canonical) ?? canonical, canonical];
}

/** neutron's _rule_to_key: rules of one group with the same key are the same rule. */
export function ruleKey(rule: RuleFields): string {
  const prefix = rule.remote_ip_prefix === null || ANY_ADDRESS.includes(rule.remote_ip_prefix) ? null : rule.remote_ip_prefix;
  const protocol = rule.protocol === null ? null : protocolNameAndNumber(rule.protocol, rule.ethertype);
  return JSON.stringify([
    rule.direction,
    rule.ethertype,
    rule.port_range_max,
    rule.port_range_min,
    protocol,
    rule.remote_group_id,
    prefix,
    rule.remote_address_group_id ?? null,
  ]);
}
