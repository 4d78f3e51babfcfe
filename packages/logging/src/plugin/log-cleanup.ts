import type { ResourceDict } from '@net-server/lib';
import { resourceTags, type ResourceHooks, type Session } from 'net-server';
import { logView } from '../db/schema.js';
import { SECURITY_GROUP } from './sg-validate.js';

/**
 * neutron's _clean_logs (get_logs_bound_sg with exclusive=True): a deleted
 * security group takes the enabled logs of its own, a deleted port the
 * enabled logs that target it; disabled ones stay, as in neutron.
 */
async function removeEnabledLogs(session: Session, column: 'resource_id' | 'target_id', id: string): Promise<void> {
  // Booleans are 1/0 or true/false by dialect: compared here, not in SQL.
  const rows = await logView(session).selectFrom('logs').select(['id', 'enabled']).where('resource_type', '=', SECURITY_GROUP).where(column, '=', id).execute();
  const gone = rows.filter((row) => row.enabled === true || Number(row.enabled) === 1).map((row) => row.id);
  if (gone.length === 0) return;
  await logView(session).deleteFrom('logs').where('id', 'in', gone).execute();
  for (const logId of gone) await resourceTags.remove(session.db, logId);
}

export const groupLogHooks: ResourceHooks = {
  precommitDelete: (session: Session, group: ResourceDict) => removeEnabledLogs(session, 'resource_id', String(group['id'])),
};

export const portLogHooks: ResourceHooks = {
  precommitDelete: (session: Session, port: ResourceDict) => removeEnabledLogs(session, 'target_id', String(port['id'])),
};
