import { networkSegments } from '../db/network-segments.js';
import { ml2View } from '../db/ml2-view.js';
import { allIds, STANDARD_FIELDS, type DictLoader } from './dict-loader.js';
import { filterStrings } from './object-filters.js';
import type { ObjectType } from './object-type.js';
import { OBJECT_VERSIONS } from './object-versions.js';
import { networkPrimitive } from './network-object.js';
import { primitive } from './primitive.js';

/** neutron's Network objects, from the base plugin's networks and ML2's segments. */
export function networkType(loadDicts: DictLoader): ObjectType {
  return {
    name: 'Network',
    filterable: ['id', 'project_id', 'tenant_id', 'name', 'status', 'admin_state_up', 'vlan_transparent', 'shared', 'mtu', ...STANDARD_FIELDS],
    async candidates(_session, filters) {
      return filterStrings(filters, 'id');
    },
    async load(session, ids) {
      const networks = await loadDicts(session, 'network', ids ?? (await allIds(session, 'networks')));
      const segments = await networkSegments.forNetworks(
        ml2View(session.db),
        networks.map((network) => String(network['id'])),
        true,
      );
      return networks.map((network) => networkPrimitive(network, segments.get(String(network['id'])) ?? []));
    },
    deleted(id) {
      // Network(id=...): the defaults of shared, mtu and qos_policy_id are set too.
      return primitive('Network', OBJECT_VERSIONS.Network, { id, shared: false, mtu: 1500, qos_policy_id: null }, ['id', 'shared', 'mtu', 'qos_policy_id']);
    },
  };
}
