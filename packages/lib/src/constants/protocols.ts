/** IP protocol names and numbers as security group rules accept them. */
export const IP_PROTOCOL_MAP: Readonly<Record<string, number>> = {
  ah: 51,
  dccp: 33,
  egp: 8,
  esp: 50,
  gre: 47,
  hopopt: 0,
  icmp: 1,
  igmp: 2,
  ip: 0,
  ipip: 4,
  'ipv6-encap': 41,
  'ipv6-frag': 44,
  'ipv6-icmp': 58,
  icmpv6: 58,
  'ipv6-nonxt': 59,
  'ipv6-opts': 60,
  'ipv6-route': 43,
  ospf: 89,
  pgm: 113,
  rsvp: 46,
  sctp: 132,
  tcp: 6,
  udp: 17,
  udplite: 136,
  vrrp: 112,
};

/** Protocol names -> iptables names, for the protocols that have ports or ICMP types. */
export const IPTABLES_PROTOCOL_MAP: Readonly<Record<string, string>> = {
  dccp: 'dccp',
  icmp: 'icmp',
  'ipv6-icmp': 'icmp6',
  sctp: 'sctp',
  tcp: 'tcp',
  udp: 'udp',
};
