import type { Caller, NoauthClient } from './neutron-cloud.js';

/** The collections the import test compares, list and show (the path under /v2.0). */
export const COLLECTIONS = [
  'networks',
  'subnets',
  'subnetpools',
  'ports',
  'security-groups',
  'security-group-rules',
  'routers',
  'floatingips',
  'qos/policies',
  'segments',
  'network-ip-availabilities',
  'address-scopes',
  'agents',
  'rbac-policies',
  'metering/metering-labels',
] as const;

/** Rule collections under each QoS policy. */
const POLICY_RULES = ['bandwidth_limit_rules', 'dscp_marking_rules', 'minimum_bandwidth_rules'] as const;

/** GET path -> status and body, per caller. */
export type Snapshot = Record<string, { status: number; body: unknown }>;

async function get(api: NoauthClient, caller: Caller, path: string): Promise<{ status: number; body: unknown }> {
  const response = await api.fetch(caller, 'GET', `/v2.0/${path}`);
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

function ids(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const list = Object.values(body)[0];
  return Array.isArray(list)
    ? list.map((item) => String((item as { id?: unknown; network_id?: unknown }).id ?? (item as { network_id?: unknown }).network_id))
    : [];
}

/**
 * Every list and show of COLLECTIONS (and of each QoS policy's rules) as
 * `caller` sees them on one server; `paths` replays another snapshot's
 * paths (the shows of the ids the first server listed) instead of listing.
 */
export async function snapshot(api: NoauthClient, caller: Caller, paths?: readonly string[]): Promise<Snapshot> {
  const answers: Snapshot = {};
  if (paths) {
    for (const path of paths) answers[path] = await get(api, caller, path);
    return answers;
  }
  const lists = [...COLLECTIONS] as string[];
  for (let index = 0; index < lists.length && index < 200; index++) {
    const list = lists[index]!;
    const answer = await get(api, caller, list);
    answers[list] = answer;
    for (const id of ids(answer.body)) {
      answers[`${list}/${id}`] = await get(api, caller, `${list}/${id}`);
      if (list === 'qos/policies') lists.push(...POLICY_RULES.map((rules) => `${list}/${id}/${rules}`));
    }
  }
  return answers;
}

/** What the comparison leaves out, each with why: field name -> reason, by resource (singular: `port`, `security_group_rule`). */
export type Exclusions = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** The singular of a collection key (`policies` -> `policy`, `ports` -> `port`). */
function singular(key: string): string {
  return key.endsWith('ies') ? `${key.slice(0, -3)}y` : key.endsWith('s') ? key.slice(0, -1) : key;
}

/**
 * Lists inside a resource that neutron shows in its database's row order
 * (no ORDER BY; a network's tags too, which net-server sorts), which
 * neither server promises: compared as sets. Others (dns_nameservers,
 * allowed_address_pairs) keep their order.
 */
const UNORDERED = new Set([
  'fixed_ips',
  'subnet_ip_availability',
  'allocation_pools',
  'host_routes',
  'external_fixed_ips',
  'tags',
  'subnets',
  'security_groups',
]);

/** The id an item is sorted by: its own, or its network's (network IP availabilities have none of their own). */
function sortKey(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const { id, network_id: networkId } = item as { id?: unknown; network_id?: unknown };
  return typeof id === 'string' ? id : typeof networkId === 'string' ? networkId : undefined;
}

/**
 * The snapshot as compared: lists of resources sorted by id (neither
 * server promises an order without sort_key), at any depth (a security
 * group's rules), and the `excluded` fields of each resource gone. A
 * NULL description is shown as '': neutron leaves the descriptions of what
 * it makes itself (its default security group's rules, a network's
 * provider segment) NULL and shows null; net-server's tables keep
 * descriptions NOT NULL, so the import stores '' (a known difference).
 */
export function comparable(answers: Snapshot, excluded: Exclusions): Snapshot {
  const normalize = (value: unknown, resource: string): unknown => {
    if (Array.isArray(value)) {
      const items = value.map((item) => normalize(item, singular(resource)));
      if (UNORDERED.has(resource)) return items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      const keyed = items.every((item) => sortKey(item) !== undefined);
      return keyed ? items.sort((a, b) => sortKey(a)!.localeCompare(sortKey(b)!)) : items;
    }
    if (typeof value !== 'object' || value === null) return value;
    const skip = excluded[resource] ?? {};
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => skip[key] === undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, item]) => [key, key === 'description' && item === null ? '' : normalize(item, key)]),
    );
  };
  return Object.fromEntries(Object.entries(answers).map(([path, answer]) => [path, { status: answer.status, body: normalize(answer.body, '') }]));
}
