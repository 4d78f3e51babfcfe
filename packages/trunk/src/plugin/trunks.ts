import { givenBoolean, givenString, type TableResource } from 'net-server';
import { TRUNK_DOWN_STATUS } from '../constants.js';
import { trunkView, type TrunkRow } from '../db/schema.js';
import { TrunkNotFound } from '../errors.js';

/**
 * Trunks (neutron's Trunk): a project's, with standard attributes. A new
 * trunk is DOWN until an agent wires it. Its name, description and
 * admin_state_up change through the API; its status only through the
 * plugin (the API does not let a caller set it). The plugin adds the
 * subports to the dicts; they go with the trunk.
 */
export const trunks: TableResource<TrunkRow> = {
  table: 'trunks',
  member: 'trunk',
  collection: 'trunks',
  visibility: 'owner',
  standardAttributes: true,
  notFound: (id) => new TrunkNotFound({ trunk_id: id }),
  toDict: (row) => ({ name: row.name, admin_state_up: Boolean(row.admin_state_up), port_id: row.port_id, status: row.status }),
  newRow: (body) => ({
    name: givenString(body, 'name') ?? '',
    admin_state_up: givenBoolean(body, 'admin_state_up') ?? true,
    port_id: givenString(body, 'port_id') ?? '',
    status: TRUNK_DOWN_STATUS,
  }),
  changes: (body) => {
    const name = givenString(body, 'name');
    const adminStateUp = givenBoolean(body, 'admin_state_up');
    const status = givenString(body, 'status');
    return {
      ...(name === undefined ? {} : { name }),
      ...(adminStateUp === undefined ? {} : { admin_state_up: adminStateUp }),
      ...(status === undefined ? {} : { status }),
    };
  },
  release: async (session, row) => {
    await trunkView(session.db).deleteFrom('subports').where('trunk_id', '=', row.id).execute();
  },
  sqlFilters: ['port_id'],
};
