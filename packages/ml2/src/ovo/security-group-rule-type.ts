import { byIds } from 'net-server';
import { ml2View } from '../db/ml2-view.js';
import { securityGroupRuleOps } from '../sg/security-group-rule-ops.js';
import { inChunks, STANDARD_FIELDS } from './dict-loader.js';
import { filterStrings } from './object-filters.js';
import type { ObjectType } from './object-type.js';
import { OBJECT_VERSIONS } from './object-versions.js';
import { primitive } from './primitive.js';
import { rulePrimitive } from './security-group-object.js';

/** neutron's SecurityGroupRule objects; the OVS agent asks for a group's rules by security_group_id. */
export const securityGroupRuleType: ObjectType = {
  name: 'SecurityGroupRule',
  filterable: [
    'id',
    'project_id',
    'tenant_id',
    'security_group_id',
    'remote_group_id',
    'direction',
    'ethertype',
    'protocol',
    'port_range_min',
    'port_range_max',
    'remote_ip_prefix',
    'remote_address_group_id',
    ...STANDARD_FIELDS,
  ],
  async candidates(session, filters) {
    const ids = filterStrings(filters, 'id');
    const groups = filterStrings(filters, 'security_group_id');
    if (ids !== undefined || groups === undefined) return ids;
    const db = ml2View(session.db);
    return (await inChunks(groups, (part) => db.selectFrom('ml2_security_group_rules').select('id').where('security_group_id', 'in', part).execute())).map(
      (row) => row.id,
    );
  },
  async load(session, ids) {
    return (await securityGroupRuleOps.makeDicts(session, await securityGroupRuleOps.loadRows(session, ids === undefined ? undefined : byIds(ids)))).map(
      rulePrimitive,
    );
  },
  deleted(id) {
    return primitive('SecurityGroupRule', OBJECT_VERSIONS.SecurityGroupRule, { id }, ['id']);
  },
};
