import { isAttrSpecified, type ResourceDict } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { QOS_POLICY_ID } from '../constants.js';
import { qosView, type QosDb } from '../db/schema.js';
import { policyBindings } from './policy-bindings.js';
import type { Policies } from './policies.js';

/** What the QoS plugin uses of the L3 plugin (`@net-server/l3`): the hook chains of its floating IPs and routers. */
export interface L3HookChains {
  readonly floatingIps: { readonly hooks: { add(hooks: ResourceHooks): () => void } };
  readonly routers: { readonly hooks: { add(hooks: ResourceHooks): () => void } };
}

/** The L3 plugin's hook chains, found by shape: it may come from another copy of @net-server/l3, or be absent. */
export function l3HookChainsOf(plugin: unknown): L3HookChains | undefined {
  const candidate = plugin as Partial<L3HookChains> | undefined;
  const has = (part: unknown): boolean => typeof (part as { hooks?: { add?: unknown } } | undefined)?.hooks?.add === 'function';
  return candidate && has(candidate.floatingIps) && has(candidate.routers) ? (candidate as L3HookChains) : undefined;
}

type Table = 'qos_fip_policy_bindings' | 'qos_router_gw_policy_bindings';
const FIPS = { table: 'qos_fip_policy_bindings', column: 'fip_id' } as const;
const ROUTERS = { table: 'qos_router_gw_policy_bindings', column: 'router_id' } as const;
type Binding = { readonly table: Table; readonly column: 'fip_id' | 'router_id' };

/** The policy of each of `ids`. */
async function boundPolicies(db: QosDb, binding: Binding, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  // Kysely types a read of one table, not of one of two; both have the binding's column and policy_id.
  const rows = (await db
    .selectFrom(binding.table)
    .selectAll()
    .where(binding.column as never, 'in', [...ids] as never)
    .execute()) as Record<string, string>[];
  return new Map(rows.map((row) => [row[binding.column]!, row['policy_id']!]));
}

/**
 * Replaces the binding of `id` with `policyId` (none for null), a policy
 * the caller must see (QosPolicyNotFound otherwise, where neutron Zed binds
 * any existing policy).
 */
async function rebind(policies: Policies, session: Session, binding: Binding, id: string, policyId: string | null): Promise<void> {
  const db = qosView(session.db);
  await db
    .deleteFrom(binding.table)
    .where(binding.column as never, '=', id as never)
    .execute();
  if (policyId === null) return;
  await policies.find(session, policyId);
  await db
    .insertInto(binding.table)
    .values({ [binding.column]: id, policy_id: policyId } as never)
    .execute();
}

function requestedPolicy(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * qos-fip (neutron's FloatingQoSDbMixin and FloatingIP's qos_policy_id):
 * a floating IP's `qos_policy_id`, set on create; an update sets it to the
 * request's, none when the request has none, as neutron Zed's
 * update_floatingip does.
 */
function floatingIpHooks(policies: Policies): ResourceHooks {
  return {
    precommitCreate: (session, request, fip) => rebind(policies, session, FIPS, String(fip['id']), requestedPolicy(request[QOS_POLICY_ID])),
    precommitUpdate: (session, request, _original, fip) => rebind(policies, session, FIPS, String(fip['id']), requestedPolicy(request[QOS_POLICY_ID])),
    precommitDelete: (session, fip) => rebind(policies, session, FIPS, String(fip['id']), null),
    async extendDicts(session, fips) {
      const bound = await boundPolicies(
        qosView(session.db),
        FIPS,
        fips.map((fip) => String(fip['id'])),
      );
      for (const fip of fips) fip[QOS_POLICY_ID] = bound.get(String(fip['id'])) ?? null;
    },
  };
}

function gatewayOf(router: ResourceDict): ResourceDict | undefined {
  const gateway = router['external_gateway_info'];
  return gateway !== null && typeof gateway === 'object' ? (gateway as ResourceDict) : undefined;
}

/** The request's gateway policy: a policy id or null when it names one, undefined when it leaves the policy alone. */
function requestedGatewayPolicy(request: Readonly<Record<string, unknown>>): string | null | undefined {
  const info = request['external_gateway_info'];
  if (info === null || typeof info !== 'object' || !(QOS_POLICY_ID in info)) return undefined;
  const value = (info as Record<string, unknown>)[QOS_POLICY_ID];
  return isAttrSpecified(value) ? requestedPolicy(value) : undefined;
}

/**
 * qos-gateway-ip (neutron's L3_gw_ip_qos_dbonly_mixin): the policy of a
 * router's gateway, in `external_gateway_info.qos_policy_id`; it goes with
 * the gateway. The router shows it when its gateway has a policy or its
 * gateway network has one (null then), as neutron's dict extender.
 */
function routerHooks(policies: Policies): ResourceHooks {
  return {
    async precommitCreate(session, request, router) {
      const wanted = requestedGatewayPolicy(request);
      if (wanted !== undefined && gatewayOf(router)) await rebind(policies, session, ROUTERS, String(router['id']), wanted);
    },
    async precommitUpdate(session, request, _original, router) {
      if (!('external_gateway_info' in request) || !isAttrSpecified(request['external_gateway_info'])) return;
      const wanted = gatewayOf(router) ? requestedGatewayPolicy(request) : null;
      if (wanted !== undefined) await rebind(policies, session, ROUTERS, String(router['id']), wanted);
    },
    precommitDelete: (session, router) => rebind(policies, session, ROUTERS, String(router['id']), null),
    async extendDicts(session, routers) {
      const db = qosView(session.db);
      const withGateway = routers.filter((router) => gatewayOf(router) !== undefined);
      const bound = await boundPolicies(
        db,
        ROUTERS,
        withGateway.map((router) => String(router['id'])),
      );
      const networks = await policyBindings.networkPolicies(db, [...new Set(withGateway.map((router) => String(gatewayOf(router)!['network_id'])))]);
      for (const router of withGateway) {
        const gateway = gatewayOf(router)!;
        const policy = bound.get(String(router['id']));
        // A dict extended before a change in its transaction is extended again after it.
        if (policy !== undefined || networks.has(String(gateway['network_id']))) gateway[QOS_POLICY_ID] = policy ?? null;
        else delete gateway[QOS_POLICY_ID];
      }
    },
  };
}

/** Adds the QoS hooks to L3's floating IPs and routers; the function returned removes them. */
export function attachToL3(l3: L3HookChains, policies: Policies): () => void {
  const detachFloatingIps = l3.floatingIps.hooks.add(floatingIpHooks(policies));
  const detachRouters = l3.routers.hooks.add(routerHooks(policies));
  return () => {
    detachFloatingIps();
    detachRouters();
  };
}
