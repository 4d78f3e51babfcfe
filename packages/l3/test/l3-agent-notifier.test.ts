import { createLogger, getAdminContext } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { L3AgentNotifier } from '../src/rpc/l3-agent-notifier.js';

describe('L3AgentNotifier', () => {
  it('logs a notification that cannot go out instead of failing the committed request', async () => {
    const records: Record<string, unknown>[] = [];
    const logger = createLogger({ level: 'debug', write: (line) => records.push(JSON.parse(line) as Record<string, unknown>) });
    const notifier = new L3AgentNotifier(() => Promise.reject(new Error('broker unreachable')), undefined, true, logger);
    await expect(notifier.routersUpdated(getAdminContext(), ['r1'], 'update_router')).resolves.toBeUndefined();
    await expect(notifier.routerDeleted(getAdminContext(), 'r2')).resolves.toBeUndefined();
    expect(records).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'could not notify L3 agents',
        method: 'routers_updated',
        router_ids: ['r1'],
        error: 'Error: broker unreachable',
      }),
      expect.objectContaining({ level: 'error', msg: 'could not notify L3 agents', method: 'router_deleted', router_id: 'r2' }),
    ]);
  });
});
