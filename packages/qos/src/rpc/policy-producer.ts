import type { Context, ResourceProducer, VersionedObjectPrimitive } from '@net-server/lib';
import type { TransactionRunner } from 'net-server';
import { QOS_POLICY_RESOURCE, QOS_POLICY_VERSION } from '../constants.js';
import type { Policies } from '../plugin/policies.js';
import type { QosPolicyRecord } from '../plugin/policy-record.js';
import { policyPrimitive } from './versioned-policy.js';

/** oslo.versionedobjects' IncompatibleObjectVersion, as the remote error an agent asking for another version gets. */
export class IncompatibleObjectVersion extends Error {
  static readonly remoteModule = 'oslo_versionedobjects.exception';
  readonly code = 'IncompatibleObjectVersion';
  constructor(version: string) {
    super(`Version ${version} of ${QOS_POLICY_RESOURCE} is not supported, supported version is ${QOS_POLICY_VERSION}`);
    this.name = 'IncompatibleObjectVersion';
  }
}

function matches(policy: QosPolicyRecord, filters: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(filters).every(([field, wanted]) => {
    const value = field === 'tenant_id' ? policy.project_id : (policy as unknown as Record<string, unknown>)[field];
    return (Array.isArray(wanted) ? wanted : [wanted]).some((candidate) => candidate === value);
  });
}

/** The QosPolicy producer agents pull from through the core plugin's resources pull API (neutron's _get_qos_policy_cb). */
export function policyProducer(transactions: TransactionRunner, policies: Policies): ResourceProducer {
  const check = (version: string): void => {
    if (version !== '' && version !== QOS_POLICY_VERSION) throw new IncompatibleObjectVersion(version);
  };
  return {
    async pull(context: Context, resourceId: string, version: string): Promise<VersionedObjectPrimitive | null> {
      check(version);
      const [policy] = await transactions.read(context, (session) => policies.records(session, [resourceId]));
      return policy ? policyPrimitive(policy) : null;
    },
    async bulkPull(context: Context, filters: Readonly<Record<string, unknown>>, version: string): Promise<VersionedObjectPrimitive[]> {
      check(version);
      const ids = filters['id'];
      const found = await transactions.read(context, (session) =>
        policies.records(session, ids === undefined ? undefined : (Array.isArray(ids) ? ids : [ids]).map(String)),
      );
      return found.filter((policy) => matches(policy, filters)).map(policyPrimitive);
    },
  };
}
