import { constants, type ResourceDict } from '@net-server/lib';
import { ANY_DIRECTION, EGRESS_DIRECTION, INGRESS_DIRECTION, QOS_NETWORK_POLICY_ID, QOS_POLICY_ID } from '../constants.js';
import type { QosDb } from '../db/schema.js';
import { MIN_BW_RESOURCE_CLASS, MIN_PPS_RESOURCE_CLASS, physnetTrait, requestGroupId, vnicTypeTrait } from './placement.js';

/** The port attribute of port-resource-request (neutron_lib.api.definitions.port_resource_request). */
export const RESOURCE_REQUEST = 'resource_request';

/** The physical network of each network's first segment (null when it has none), for the networks asked. */
export type FirstSegmentPhysnets = (networkIds: readonly string[]) => Promise<Map<string, string | null>>;

type MinimumRule = { id: string; qos_policy_id: string; direction: string; amount: number | null };
type RequestGroup = { id: string; required: string[]; resources: Record<string, number | null> };

/*
 * The order neutron's rule queries return a policy's minimum rules in on
 * MySQL: by the (qos_policy_id, direction) unique index, whose direction is
 * an ENUM sorted by its declared values. It decides the group ids (the rule
 * ids joined), so a port keeps the ids neutron gave it.
 */
const BW_ORDER: readonly string[] = [EGRESS_DIRECTION, INGRESS_DIRECTION];
const PPS_ORDER: readonly string[] = [ANY_DIRECTION, INGRESS_DIRECTION, EGRESS_DIRECTION];

/** A policy's rules of one kind, by policy id, each list in `order`. */
function byPolicy(rules: readonly MinimumRule[], order: readonly string[]): Map<string, MinimumRule[]> {
  const map = new Map<string, MinimumRule[]>();
  for (const rule of rules) map.set(rule.qos_policy_id, [...(map.get(rule.qos_policy_id) ?? []), rule]);
  for (const list of map.values()) list.sort((a, b) => order.indexOf(a.direction) - order.indexOf(b.direction));
  return map;
}

function group(portId: string, rules: readonly MinimumRule[], classes: Readonly<Record<string, string>>, required: string[]): RequestGroup {
  const resources: Record<string, number | null> = {};
  for (const rule of rules) resources[classes[rule.direction]!] = rule.amount;
  return {
    id: requestGroupId(
      portId,
      rules.map((rule) => rule.id),
    ),
    required,
    resources,
  };
}

/**
 * A port's `resource_request` (neutron's QoSPlugin._extend_port_resource_request
 * and its bulk variant, in port-resource-request-groups' format): what the
 * port's policy (its own, else its network's) asks Placement for. Minimum
 * bandwidth rules make a group requiring the trait of the network's first
 * segment's physical network and the port's VNIC type trait (none when that
 * segment has no physical network); minimum packet rate rules a group
 * requiring the VNIC type trait. Both groups must come from one provider
 * subtree (`same_subtree`). A port whose policy asks for neither has null.
 */
export class PortResourceRequests {
  constructor(private readonly firstSegmentPhysnets: FirstSegmentPhysnets) {}

  /** Sets `resource_request` on ports already showing their policies; a few queries for the whole list. */
  async extend(db: QosDb, ports: ResourceDict[]): Promise<void> {
    const policyOf = (port: ResourceDict): string | undefined => (port[QOS_POLICY_ID] ?? port[QOS_NETWORK_POLICY_ID] ?? undefined) as string | undefined;
    for (const port of ports) port[RESOURCE_REQUEST] = null;
    const policyIds = [...new Set(ports.map(policyOf).filter((id): id is string => id !== undefined))];
    if (policyIds.length === 0) return;
    const bandwidth = byPolicy(await this.#rules(db, 'qos_minimum_bandwidth_rules', 'min_kbps', policyIds), BW_ORDER);
    const packetRate = byPolicy(await this.#rules(db, 'qos_minimum_packet_rate_rules', 'min_kpps', policyIds), PPS_ORDER);
    const needPhysnet = ports.filter((port) => bandwidth.has(policyOf(port) ?? ''));
    const physnets = needPhysnet.length > 0 ? await this.firstSegmentPhysnets([...new Set(needPhysnet.map((port) => String(port['network_id'])))]) : new Map();
    for (const port of ports) {
      const policyId = policyOf(port);
      if (policyId === undefined) continue;
      const portId = String(port['id']);
      const vnicTrait = vnicTypeTrait(String(port[constants.VNIC_TYPE] ?? constants.VNIC_NORMAL));
      const groups: RequestGroup[] = [];
      const physnet = physnets.get(String(port['network_id']));
      const bw = bandwidth.get(policyId);
      if (bw && physnet) groups.push(group(portId, bw, MIN_BW_RESOURCE_CLASS, [physnetTrait(physnet), vnicTrait]));
      const pps = packetRate.get(policyId);
      if (pps) groups.push(group(portId, pps, MIN_PPS_RESOURCE_CLASS, [vnicTrait]));
      if (groups.length > 0) port[RESOURCE_REQUEST] = { request_groups: groups, same_subtree: groups.map((g) => g.id) };
    }
  }

  async #rules(
    db: QosDb,
    table: 'qos_minimum_bandwidth_rules' | 'qos_minimum_packet_rate_rules',
    column: 'min_kbps' | 'min_kpps',
    policyIds: readonly string[],
  ): Promise<MinimumRule[]> {
    const rows = await db.selectFrom(table).select(['id', 'qos_policy_id', 'direction', column]).where('qos_policy_id', 'in', policyIds).execute();
    return rows.map((row) => ({
      id: row.id,
      qos_policy_id: row.qos_policy_id,
      direction: row.direction,
      amount: (row as Record<string, unknown>)[column] as number | null,
    }));
  }
}
