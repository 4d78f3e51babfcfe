import { isAttrSpecified, matchesFilters, timestampNow, type Context, type ListOptions, type ResourceDict, type ResourceRequest } from '@net-server/lib';
import { resourceTags, type Session } from 'net-server';
import { randomUUID } from 'node:crypto';
import { qosView, type QosDb, type QosPoliciesTable } from '../db/schema.js';
import { policyWithoutProject, QoSPolicyDefaultAlreadyExists, QosPolicyInUse } from '../errors.js';
import type { PolicyPush } from '../rpc/policy-push.js';
import type { QosCorePlugin } from './core-access.js';
import type { QosPolicyRecord } from './policy-record.js';
import { shareWithAll } from './policy-rbac.js';
import { policyStore } from './policy-store.js';

function given(body: ResourceRequest, key: string): boolean {
  const value = body[key];
  return value !== undefined && value !== null && isAttrSpecified(value);
}

/** A policy as the API shows it: neutron's QosPolicy.to_dict, rules with their `type`, and its tags (sorted) for the tag plugin. */
export function policyDict(policy: QosPolicyRecord, tags: readonly string[]): ResourceDict {
  return {
    id: policy.id,
    name: policy.name,
    description: policy.description,
    shared: policy.shared,
    is_default: policy.is_default,
    project_id: policy.project_id,
    tenant_id: policy.project_id,
    rules: policy.rules.map((rule) => ({ ...rule })),
    tags: [...tags],
    revision_number: policy.revision_number,
    created_at: policy.created_at,
    updated_at: policy.updated_at,
  };
}

/** neutron's QosPolicy set_default/unset_default: one default policy per project. */
async function setDefault(db: QosDb, policy: Pick<QosPolicyRecord, 'id' | 'project_id'>, isDefault: boolean): Promise<void> {
  const current = await policyStore.defaultPolicyId(db, policy.project_id);
  if (isDefault) {
    if (current === undefined) await db.insertInto('qos_policies_default').values({ project_id: policy.project_id, qos_policy_id: policy.id }).execute();
    else if (current !== policy.id) throw new QoSPolicyDefaultAlreadyExists({ project_id: policy.project_id });
  } else if (current === policy.id) {
    await db.deleteFrom('qos_policies_default').where('project_id', '=', policy.project_id).execute();
  }
}

/**
 * QoS policies (neutron's QoSPlugin create/update/delete/get_policy): one
 * transaction of the core plugin's each; updates and deletions are pushed
 * to agents after the commit. Their tags live in net-server's shared table
 * (`resourceTags`) and go with the policy.
 */
export class Policies {
  constructor(
    private readonly core: QosCorePlugin,
    private readonly push: PolicyPush | undefined,
  ) {}

  async createPolicy(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const projectId = given(body, 'project_id') ? String(body['project_id']) : given(body, 'tenant_id') ? String(body['tenant_id']) : '';
    if (projectId === '') throw policyWithoutProject();
    const now = timestampNow();
    const row: QosPoliciesTable = {
      id: randomUUID(),
      project_id: projectId,
      name: given(body, 'name') ? String(body['name']) : '',
      description: given(body, 'description') ? String(body['description']) : '',
      revision_number: 0,
      created_at: now,
      updated_at: now,
    };
    return this.core.transactions.write(context, async (session) => {
      const db = qosView(session.db);
      await db.insertInto('qos_policies').values(row).execute();
      if (body['shared'] === true) await shareWithAll(session, this.core.networkRbac, row.id, projectId, true);
      if (body['is_default'] === true) await setDefault(db, row, true);
      return this.#dict(session, await policyStore.get(db, session.context, row.id));
    });
  }

  async updatePolicy(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const { policy, dict } = await this.core.transactions.write(context, async (session) => {
      const db = qosView(session.db);
      const stored = await policyStore.get(db, session.context, id);
      const changes: Partial<Pick<QosPoliciesTable, 'name' | 'description'>> = {};
      if (given(body, 'name') && body['name'] !== stored.name) changes.name = String(body['name']);
      if (given(body, 'description') && body['description'] !== stored.description) changes.description = String(body['description']);
      // Sharing is an RBAC entry, which does not revise the policy (as in neutron, where `shared` is synthetic).
      if (typeof body['shared'] === 'boolean')
        await shareWithAll(session, this.core.networkRbac, id, session.context.projectId ?? stored.project_id, body['shared']);
      const defaultChange = typeof body['is_default'] === 'boolean' && body['is_default'] !== stored.is_default;
      if (defaultChange) await setDefault(db, stored, body['is_default'] === true);
      if (Object.keys(changes).length > 0 || defaultChange) {
        await db
          .updateTable('qos_policies')
          .set({ ...changes, revision_number: stored.revision_number + 1, updated_at: timestampNow() })
          .where('id', '=', id)
          .execute();
      }
      const policy = await policyStore.get(db, session.context, id);
      return { policy, dict: await this.#dict(session, policy) };
    });
    await this.push?.updated(context, policy);
    return dict;
  }

  async deletePolicy(context: Context, id: string): Promise<void> {
    await this.core.transactions.write(context, async (session) => {
      const db = qosView(session.db);
      await policyStore.get(db, session.context, id);
      const { networks, ports, fips, routers } = await policyStore.bindings(db, id);
      // neutron looks at port bindings first, then networks, floating IPs and router gateways.
      for (const [objectType, ids] of [
        ['port', ports],
        ['network', networks],
        ['fip', fips],
        ['router', routers],
      ] as const) {
        if (ids[0] !== undefined) throw new QosPolicyInUse({ policy_id: id, object_type: objectType, object_id: ids[0] });
      }
      await db.deleteFrom('qos_policies').where('id', '=', id).execute();
      await resourceTags.remove(session.db, id);
    });
    await this.push?.deleted(context, id);
  }

  getPolicy(context: Context, id: string): Promise<ResourceDict> {
    return this.core.transactions.read(context, async (session) => this.#dict(session, await policyStore.get(qosView(session.db), session.context, id)));
  }

  getPolicies(context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    return this.core.transactions.read(context, async (session) => {
      const ids = options.filters?.['id']?.map(String);
      const policies = await policyStore.load(qosView(session.db), session.context, ids);
      return (await this.#dicts(session, policies)).filter((policy) => matchesFilters(policy, options.filters));
    });
  }

  /** A policy whose tags changed gets the next revision, in the tag plugin's transaction (which this write joins); false when it is gone. */
  tagsChanged(context: Context, id: string): Promise<boolean> {
    return this.core.transactions.write(context, (session) => policyStore.revise(qosView(session.db), id));
  }

  /** The policy inside a session, for the rules' changes. */
  policy(session: Session, id: string): Promise<QosPolicyRecord> {
    return policyStore.get(qosView(session.db), session.context, id);
  }

  async #dict(session: Session, policy: QosPolicyRecord): Promise<ResourceDict> {
    return (await this.#dicts(session, [policy]))[0]!;
  }

  async #dicts(session: Session, policies: readonly QosPolicyRecord[]): Promise<ResourceDict[]> {
    const tags = await resourceTags.load(
      session.db,
      policies.map((policy) => policy.id),
    );
    return policies.map((policy) => policyDict(policy, tags.get(policy.id) ?? []));
  }
}
