import { canonicalCidr, type ResourceDict, type VersionedObjectPrimitive } from '@net-server/lib';
import { OBJECT_VERSIONS } from './object-versions.js';
import { primitive, setKnown, standardAttributes, text, type ObjectData } from './primitive.js';

function numberOrUndefined(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}

/**
 * A rule as neutron's SecurityGroupRule 1.2: the columns that are set
 * (protocol, ports, remote prefix and remote group are NULL when the rule
 * leaves them open, and then absent), and normalized_cidr, the prefix with
 * its host bits cleared, which the agents' firewalls use instead of the
 * prefix as given (None without a prefix).
 */
export function rulePrimitive(rule: ResourceDict): VersionedObjectPrimitive {
  const prefix = text(rule['remote_ip_prefix']);
  const data: ObjectData = setKnown(
    { id: String(rule['id']) },
    {
      project_id: text(rule['project_id']),
      security_group_id: text(rule['security_group_id']),
      remote_group_id: text(rule['remote_group_id']),
      direction: text(rule['direction']),
      ethertype: text(rule['ethertype']),
      protocol: rule['protocol'] === null || rule['protocol'] === undefined ? undefined : String(rule['protocol']),
      port_range_min: numberOrUndefined(rule['port_range_min']),
      port_range_max: numberOrUndefined(rule['port_range_max']),
      remote_ip_prefix: prefix,
      remote_address_group_id: text(rule['remote_address_group_id']),
    },
  );
  data['normalized_cidr'] = prefix === undefined ? null : (canonicalCidr(prefix) ?? prefix);
  Object.assign(data, standardAttributes(rule));
  return primitive('SecurityGroupRule', OBJECT_VERSIONS.SecurityGroupRule, data);
}

/**
 * A group as neutron's SecurityGroup 1.5 with its rules: the OVS agent
 * reads `stateful` and, when it learns of a group, records each of its
 * rules (the server sends no event per rule of a new group).
 */
export function securityGroupPrimitive(group: ResourceDict, isDefault: boolean): VersionedObjectPrimitive {
  const rules = Array.isArray(group['security_group_rules']) ? (group['security_group_rules'] as ResourceDict[]) : [];
  const data: ObjectData = setKnown({ id: String(group['id']) }, { name: text(group['name']), project_id: text(group['project_id']) });
  Object.assign(data, {
    shared: group['shared'] === true,
    stateful: group['stateful'] !== false,
    is_default: isDefault,
    rules: rules.map(rulePrimitive),
    ...standardAttributes(group),
  });
  return primitive('SecurityGroup', OBJECT_VERSIONS.SecurityGroup, data);
}
