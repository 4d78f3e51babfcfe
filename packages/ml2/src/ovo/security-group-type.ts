import { byIds } from 'net-server';
import { ml2View } from '../db/ml2-view.js';
import { securityGroupOps } from '../sg/security-group-ops.js';
import { inChunks, STANDARD_FIELDS } from './dict-loader.js';
import { filterStrings } from './object-filters.js';
import type { ObjectType } from './object-type.js';
import { OBJECT_VERSIONS } from './object-versions.js';
import { primitive } from './primitive.js';
import { securityGroupPrimitive } from './security-group-object.js';

/** neutron's SecurityGroup objects, with their rules, from ML2's security group tables. */
export const securityGroupType: ObjectType = {
  name: 'SecurityGroup',
  filterable: ['id', 'project_id', 'tenant_id', 'name', 'shared', 'stateful', 'is_default', ...STANDARD_FIELDS],
  async candidates(_session, filters) {
    return filterStrings(filters, 'id');
  },
  async load(session, ids) {
    const db = ml2View(session.db);
    const groups = await securityGroupOps.makeDicts(session, await securityGroupOps.loadRows(session, ids === undefined ? undefined : byIds(ids)));
    const defaults = new Set(
      (
        await inChunks(
          groups.map((group) => String(group['id'])),
          (part) => db.selectFrom('ml2_default_security_groups').select('security_group_id').where('security_group_id', 'in', part).execute(),
        )
      ).map((row) => row.security_group_id),
    );
    return groups.map((group) => securityGroupPrimitive(group, defaults.has(String(group['id']))));
  },
  deleted(id) {
    // SecurityGroup(id=...): the defaults of stateful and is_default are set too.
    return primitive('SecurityGroup', OBJECT_VERSIONS.SecurityGroup, { id, stateful: true, is_default: false }, ['id', 'stateful', 'is_default']);
  },
};
