import { isAttrSpecified, type Context, type ResourceDict, type ResourceRequest } from '@net-server/lib';
import { QOS_NETWORK_POLICY_ID, QOS_POLICY_ID } from '../constants.js';
import type { QosDb } from '../db/schema.js';
import { PolicyRemoveAuthorizationError } from '../errors.js';
import { policyBindings } from './policy-bindings.js';
import { defaultPolicyId } from './policy-default.js';
import type { Policies } from './policies.js';
import type { PortResourceRequests } from './resource-request.js';

/** The policy id a request sets, null to detach, undefined when it leaves the attribute alone. */
function requested(data: ResourceRequest): string | null | undefined {
  const value = data[QOS_POLICY_ID];
  if (value === undefined || !isAttrSpecified(value)) return undefined;
  return value === null ? null : String(value);
}

/**
 * `qos_policy_id` on networks and ports (neutron's QosCoreResourceExtension,
 * which ML2's qos extension driver calls): the policy must be one the caller
 * sees; replacing a policy needs access to the old one; a new network
 * without a policy gets its project's default policy; ports also show their
 * network's policy (`qos_network_policy_id`), which agents apply to ports
 * without their own, and what that policy asks Placement for
 * (`resource_request`).
 */
export class QosCoreResourceExtension {
  constructor(
    private readonly policies: Policies,
    private readonly resourceRequests: PortResourceRequests,
  ) {}

  /** A port's create and update both replace its binding, as neutron's driver does. */
  async updatePort(db: QosDb, context: Context, data: ResourceRequest, port: ResourceDict): Promise<void> {
    const wanted = requested(data);
    if (wanted === undefined) return;
    await this.#rebind(db, context, 'port', String(port['id']), wanted);
    port[QOS_POLICY_ID] = wanted;
    port[QOS_NETWORK_POLICY_ID] = (await policyBindings.networkPolicies(db, [String(port['network_id'])])).get(String(port['network_id'])) ?? null;
  }

  async createNetwork(db: QosDb, context: Context, data: ResourceRequest, network: ResourceDict): Promise<void> {
    const given = requested(data);
    if (given === undefined) return;
    const wanted = given ?? (await defaultPolicyId(db, String(network['project_id']))) ?? null;
    await this.#rebind(db, context, 'network', String(network['id']), wanted);
    network[QOS_POLICY_ID] = wanted;
  }

  async updateNetwork(db: QosDb, context: Context, data: ResourceRequest, network: ResourceDict): Promise<void> {
    const wanted = requested(data);
    if (wanted === undefined) return;
    await this.#rebind(db, context, 'network', String(network['id']), wanted);
    network[QOS_POLICY_ID] = wanted;
  }

  async extendNetworks(db: QosDb, networks: ResourceDict[]): Promise<void> {
    const bound = await policyBindings.networkPolicies(
      db,
      networks.map((network) => String(network['id'])),
    );
    for (const network of networks) network[QOS_POLICY_ID] = bound.get(String(network['id'])) ?? null;
  }

  async extendPorts(db: QosDb, ports: ResourceDict[]): Promise<void> {
    const own = await policyBindings.portPolicies(
      db,
      ports.map((port) => String(port['id'])),
    );
    const network = await policyBindings.networkPolicies(db, [...new Set(ports.map((port) => String(port['network_id'])))]);
    for (const port of ports) {
      port[QOS_POLICY_ID] = own.get(String(port['id'])) ?? null;
      port[QOS_NETWORK_POLICY_ID] = network.get(String(port['network_id'])) ?? null;
    }
    await this.resourceRequests.extend(db, ports);
  }

  /**
   * Replaces the resource's binding (neutron's _update_<resource>_policy):
   * taking the old policy away needs access to it (_check_policy_change_permission),
   * the new one must be visible to the caller.
   */
  async #rebind(db: QosDb, context: Context, resource: 'network' | 'port', id: string, wanted: string | null): Promise<void> {
    const old = (resource === 'port' ? await policyBindings.portPolicies(db, [id]) : await policyBindings.networkPolicies(db, [id])).get(id);
    if (old !== undefined) {
      // The policies' reads join ML2's transaction, which this runs in.
      const [visible] = await this.policies.list(context, { filters: { id: [old] } });
      if (!visible) throw new PolicyRemoveAuthorizationError({ policy_id: old });
      if (resource === 'port') await db.deleteFrom('qos_port_policy_bindings').where('port_id', '=', id).execute();
      else await db.deleteFrom('qos_network_policy_bindings').where('network_id', '=', id).execute();
    }
    if (wanted === null) return;
    await this.policies.get(context, wanted);
    if (resource === 'port') await db.insertInto('qos_port_policy_bindings').values({ port_id: id, policy_id: wanted }).execute();
    else await db.insertInto('qos_network_policy_bindings').values({ network_id: id, policy_id: wanted }).execute();
  }
}
