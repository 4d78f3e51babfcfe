import { listOpt, type OptionGroupDeclaration } from '@net-server/lib';

/**
 * neutron.conf.extensions.conntrack_helper: the helpers allowed, each with
 * one protocol (`helper:protocol`, as oslo's Dict items read in an INI
 * file); a helper listed twice allows both protocols.
 */
export const allowedConntrackHelpers = listOpt('allowed_conntrack_helpers', {
  default: ['amanda:tcp', 'ftp:tcp', 'h323:udp', 'h323:tcp', 'irc:tcp', 'netbios-ns:udp', 'pptp:tcp', 'sane:tcp', 'sip:udp', 'sip:tcp', 'snmp:udp', 'tftp:udp'],
  help: 'Defines the allowed conntrack helpers, and conntack helper module protocol constraints.',
});

export const conntrackHelperOptionGroups: OptionGroupDeclaration[] = [{ group: 'DEFAULT', options: [allowedConntrackHelpers] }];
