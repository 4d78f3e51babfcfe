import { given, givenString, owningProject, type CoreCapabilities, type TableResource } from 'net-server';
import { qosView, type QosPoliciesTable } from '../db/schema.js';
import { policyWithoutProject, QosPolicyInUse, QosPolicyNotFound } from '../errors.js';
import { policyBindings } from './policy-bindings.js';
import { setDefault } from './policy-default.js';
import { shareWithAll } from './policy-rbac.js';

/**
 * QoS policies as the resource kit keeps them (neutron's QosPolicy): a
 * project's, with the standard attributes and tags; `shared`, `is_default`
 * and `rules` live in other tables and are the plugin's hooks' (policies.ts).
 * An update's `shared` and `is_default` are written before its columns;
 * only a default change revises the policy (in neutron `shared` is
 * synthetic, its RBAC entries revise nothing). A policy attached anywhere
 * cannot go (QosPolicyInUse).
 */
export function qosPolicyResource(rbac: CoreCapabilities['networkRbac']): TableResource<QosPoliciesTable> {
  return {
    table: 'qos_policies',
    member: 'policy',
    collection: 'policies',
    visibility: 'owner',
    standardAttributes: true,
    notFound: (id) => new QosPolicyNotFound({ policy_id: id }),
    toDict: (row) => ({ name: row.name }),
    newRow(body) {
      // The API fills the owner from the caller; only an admin's request without one has none, which neutron refuses.
      if (owningProject(body, undefined) === '') throw policyWithoutProject();
      return { name: givenString(body, 'name') ?? '' };
    },
    changes(body) {
      const name = givenString(body, 'name');
      return name === undefined ? {} : { name };
    },
    async changesElsewhere(session, body, row) {
      const shared = given(body, 'shared');
      if (typeof shared === 'boolean') await shareWithAll(session, rbac, row.id, session.context.projectId ?? row.project_id, shared);
      const isDefault = given(body, 'is_default');
      return typeof isDefault === 'boolean' && setDefault(qosView(session.db), row, isDefault);
    },
    async release(session, row) {
      const { networks, ports, fips, routers } = await policyBindings.of(qosView(session.db), row.id);
      // neutron looks at port bindings first, then networks, floating IPs and router gateways.
      for (const [objectType, ids] of [
        ['port', ports],
        ['network', networks],
        ['fip', fips],
        ['router', routers],
      ] as const) {
        if (ids[0] !== undefined) throw new QosPolicyInUse({ policy_id: row.id, object_type: objectType, object_id: ids[0] });
      }
    },
  };
}
