import type { VersionedObjectPrimitive } from '@net-server/lib';
import { QOS_POLICY_RESOURCE, QOS_POLICY_VERSION, QOS_RULE_VERSION } from '../constants.js';
import type { QosPolicyRecord } from '../plugin/policy-record.js';
import { ruleKind, type QosRule } from '../plugin/rule-kinds.js';

const NAMESPACE = 'versionedobjects';

function primitive(name: string, version: string, data: Record<string, unknown>, changes?: readonly string[]): VersionedObjectPrimitive {
  return {
    'versioned_object.name': name,
    'versioned_object.namespace': NAMESPACE,
    'versioned_object.version': version,
    'versioned_object.data': data,
    ...(changes ? { 'versioned_object.changes': changes } : {}),
  };
}

function rulePrimitive(rule: QosRule): VersionedObjectPrimitive {
  const kind = ruleKind(rule.type);
  const data: Record<string, unknown> = { id: rule.id, qos_policy_id: rule.qos_policy_id };
  for (const parameter of kind.parameters) data[parameter] = rule[parameter] ?? null;
  return primitive(kind.objectName, QOS_RULE_VERSION, data);
}

/**
 * A policy as neutron's QosPolicy 1.10 `obj_to_primitive()` gives it to
 * agents: its fields, the standard attributes (datetimes as
 * oslo.versionedobjects' isotime, `2024-05-01T12:00:00Z`) and its rules as
 * QosRule 1.5 objects.
 */
export function policyPrimitive(policy: QosPolicyRecord): VersionedObjectPrimitive {
  return primitive(QOS_POLICY_RESOURCE, QOS_POLICY_VERSION, {
    id: policy.id,
    project_id: policy.project_id,
    name: policy.name,
    shared: policy.shared,
    rules: policy.rules.map(rulePrimitive),
    is_default: policy.is_default,
    revision_number: policy.revision_number,
    description: policy.description,
    created_at: policy.created_at,
    updated_at: policy.updated_at,
  });
}

/** What neutron pushes for a deleted policy: a new QosPolicy with only its id and the defaults set. */
export function deletedPolicyPrimitive(id: string): VersionedObjectPrimitive {
  return primitive(QOS_POLICY_RESOURCE, QOS_POLICY_VERSION, { shared: false, is_default: false, id }, ['id', 'is_default', 'shared']);
}
