import { InvalidInput } from '@net-server/lib';
import { given, givenBoolean, selectRows, type ResourceOps } from 'net-server';
import { ml2View } from '../db/ml2-view.js';
import { AgentNotFound, type AgentRow, type AgentsDb } from './agents-db.js';

/**
 * The `agents` collection's rows (neutron's AgentDbMixin API): agents
 * register themselves through report_state (AgentsDb), the API only shows,
 * enables or disables, describes and deletes them. Agents have no project
 * (the policy keeps them to admins) and no standard attributes.
 */
export function agentOps(agents: AgentsDb): ResourceOps<AgentRow> {
  return {
    member: 'agent',
    narrowBy: ['id', 'host', 'agent_type'],
    notFound: (id) => new AgentNotFound({ id }),

    loadRows: (session, filter, page) => selectRows(ml2View(session.db).selectFrom('ml2_agents').selectAll(), filter, page),

    makeDicts: async (_session, rows) => rows.map((row) => ({ ...agents.toAgent(row) })),

    insert() {
      // The API allows no POST of agents: should anything call this, it says why.
      throw new InvalidInput({ error_message: 'agents register themselves through report_state' });
    },

    async update(session, row, body) {
      const adminStateUp = givenBoolean(body, 'admin_state_up');
      const description = given(body, 'description');
      const changes: Partial<AgentRow> = {
        ...(adminStateUp === undefined ? {} : { admin_state_up: adminStateUp ? 1 : 0 }),
        ...(description === undefined ? {} : { description: description === null ? null : String(description) }),
      };
      if (Object.keys(changes).length > 0) await ml2View(session.db).updateTable('ml2_agents').set(changes).where('id', '=', row.id).execute();
    },

    async remove(session, row) {
      await ml2View(session.db).deleteFrom('ml2_agents').where('id', '=', row.id).execute();
    },
  };
}
