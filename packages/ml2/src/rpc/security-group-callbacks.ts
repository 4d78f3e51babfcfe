import { constants, type Context, type ResourceDict } from '@net-server/lib';
import { Target } from '@net-server/rpc';
import type { DbBasePlugin } from 'net-server';
import { ml2View } from '../db/ml2-view.js';
import type { BoundPort } from '../plugin/bound-ports.js';
import { providerRules } from '../sg/provider-rules.js';
import { ruleDict, securityGroupsDb } from '../sg/security-groups-db.js';
import { deviceList, rpcContext } from './rpc-args.js';

type Args = Record<string, unknown>;
const DIRECTION_IP_PREFIX: Record<string, string> = { ingress: 'source_ip_prefix', egress: 'dest_ip_prefix' };

/** A remote group member's address as agents unpack it: the IP and, for an allowed address pair, its MAC. */
type MemberAddress = [ip: string, mac: string | null];

interface SgInfo {
  devices: Record<string, ResourceDict>;
  security_groups: Record<string, ResourceDict[]>;
  sg_member_ips: Record<string, Record<string, MemberAddress[]>>;
}

/** What the security group callbacks need of the ML2 plugin: the ports agents name, and rows read in a transaction. */
export interface SecurityGroupRpcPlugin extends Pick<DbBasePlugin, 'transactions' | 'loadDicts'> {
  getBoundPorts(context: Context, devices: readonly string[]): Promise<Map<string, BoundPort>>;
}

/**
 * neutron_lib's is_port_trusted: the network's own ports (DHCP, router
 * interfaces) are not filtered; agents let all their traffic through.
 */
function isTrusted(port: ResourceDict): boolean {
  return String(port['device_owner'] ?? '').startsWith(constants.DEVICE_OWNER_NETWORK_PREFIX);
}

/** A member port's addresses: its fixed IPs, and the IP and MAC of each allowed address pair. */
function memberAddresses(port: ResourceDict): MemberAddress[] {
  const fixed = Array.isArray(port['fixed_ips']) ? (port['fixed_ips'] as { ip_address: string }[]).map((ip): MemberAddress => [ip.ip_address, null]) : [];
  const pairs = Array.isArray(port['allowed_address_pairs'])
    ? (port['allowed_address_pairs'] as { ip_address: string; mac_address?: string }[]).map(
        (pair): MemberAddress => [pair.ip_address, pair.mac_address ?? null],
      )
    : [];
  return [...fixed, ...pairs];
}

/** A rule as the agents' firewall drivers read it (neutron's security_group_info_for_ports), with its group's statefulness. */
function agentRule(rule: ResourceDict, stateful: boolean): ResourceDict {
  const out: ResourceDict = { direction: rule['direction'], ethertype: rule['ethertype'], stateful };
  for (const key of ['protocol', 'port_range_min', 'port_range_max', 'remote_group_id'] as const) {
    if (rule[key] !== null && rule[key] !== undefined) out[key] = rule[key];
  }
  // The prefix's network (normalized_cidr) where there is one, as neutron sends it.
  if (rule['remote_ip_prefix'] !== null && rule['remote_ip_prefix'] !== undefined) {
    out[DIRECTION_IP_PREFIX[String(rule['direction'])]!] = rule['normalized_cidr'] ?? rule['remote_ip_prefix'];
  }
  return out;
}

/**
 * The security group callbacks on q-plugin (neutron's
 * SecurityGroupServerRpcCallback, version 1.3): what the agents' firewall
 * drivers need to filter the traffic of their devices, neutron's provider
 * rules (DHCP and router advertisement allowances) included. Trusted ports
 * are left out, so agents let their traffic through; remote group members
 * are `[ip, mac]` pairs, as Zed agents unpack them.
 */
export class SecurityGroupCallbacks {
  readonly target = new Target({ version: '1.3' });

  constructor(private readonly plugin: SecurityGroupRpcPlugin) {}

  async security_group_info_for_devices(context: unknown, args: Args): Promise<SgInfo> {
    return this.#info(rpcContext(context), deviceList(args, 'devices'));
  }

  /** The older per-port form: each device with its rules expanded (remote groups as member IP prefixes). */
  async security_group_rules_for_devices(context: unknown, args: Args): Promise<Record<string, ResourceDict>> {
    const info = await this.#info(rpcContext(context), deviceList(args, 'devices'));
    const result: Record<string, ResourceDict> = {};
    for (const [id, port] of Object.entries(info.devices)) {
      const rules: ResourceDict[] = [];
      for (const group of (port['security_groups'] as string[]) ?? []) {
        for (const rule of info.security_groups[group] ?? []) {
          const remote = rule['remote_group_id'];
          if (typeof remote !== 'string') {
            rules.push({ ...rule, security_group_id: group });
            continue;
          }
          for (const [ip] of info.sg_member_ips[remote]?.[String(rule['ethertype'])] ?? []) {
            const { remote_group_id: _remote, ...plain } = rule;
            rules.push({ ...plain, security_group_id: group, [DIRECTION_IP_PREFIX[String(rule['direction'])]!]: ip.includes(':') ? `${ip}/128` : `${ip}/32` });
          }
        }
      }
      result[id] = { ...port, security_group_rules: [...rules, ...((port['security_group_rules'] as ResourceDict[]) ?? [])] };
    }
    return result;
  }

  async #info(context: ReturnType<typeof rpcContext>, devices: readonly string[]): Promise<SgInfo> {
    const admin = context.elevated();
    const bound = await this.plugin.getBoundPorts(admin, devices);
    const info: SgInfo = { devices: {}, security_groups: {}, sg_member_ips: {} };
    for (const [device, { port }] of bound) {
      if (isTrusted(port)) continue;
      const ips = Array.isArray(port['fixed_ips']) ? (port['fixed_ips'] as { ip_address: string }[]).map((ip) => ip.ip_address) : [];
      info.devices[String(port['id'])] = { ...port, device, fixed_ips: ips, security_group_rules: providerRules(ips), security_group_source_groups: [] };
    }
    const groupIds = [...new Set(Object.values(info.devices).flatMap((port) => (port['security_groups'] as string[]) ?? []))];
    await this.plugin.transactions.read(admin, async (session) => {
      const db = ml2View(session.db);
      const remote = new Map<string, Set<string>>();
      const stateless = await securityGroupsDb.statelessOf(db, groupIds);
      for (const row of await securityGroupsDb.rulesOf(db, groupIds)) {
        const rule = ruleDict(row);
        const list = (info.security_groups[row.security_group_id] ??= []);
        const agent = agentRule(rule, !stateless.has(row.security_group_id));
        if (!list.some((known) => JSON.stringify(known) === JSON.stringify(agent))) list.push(agent);
        if (row.remote_group_id) {
          const kinds = remote.get(row.remote_group_id) ?? new Set<string>();
          kinds.add(row.ethertype);
          remote.set(row.remote_group_id, kinds);
          for (const port of Object.values(info.devices)) {
            const sources = port['security_group_source_groups'] as string[];
            if (((port['security_groups'] as string[]) ?? []).includes(row.security_group_id) && !sources.includes(row.remote_group_id))
              sources.push(row.remote_group_id);
          }
        }
      }
      for (const id of groupIds) info.security_groups[id] ??= [];
      const members = await securityGroupsDb.membersOf(db, [...remote.keys()]);
      const memberPorts = await this.plugin.loadDicts(session, 'port', [...new Set(members.map((m) => m.port_id))]);
      const addressesOf = new Map(memberPorts.map((p) => [String(p['id']), memberAddresses(p)]));
      for (const [groupId, kinds] of remote) {
        const byKind: Record<string, MemberAddress[]> = {};
        for (const kind of kinds) byKind[kind] = [];
        for (const member of members.filter((m) => m.security_group_id === groupId)) {
          for (const address of addressesOf.get(member.port_id) ?? []) {
            const list = byKind[address[0].includes(':') ? 'IPv6' : 'IPv4'];
            if (list && !list.some(([ip, mac]) => ip === address[0] && mac === address[1])) list.push(address);
          }
        }
        info.sg_member_ips[groupId] = byKind;
      }
    });
    return info;
  }
}
