import { getAdminContext, type ConfigReader, type Logger } from '@net-server/lib';
import { l3View } from '../db/schema.js';
import { verifyHaOptions } from '../config/ha-options.js';
import { l3Ha, l3HaNetCidr, l3HaNetworkPhysicalName, l3HaNetworkType, maxL3AgentsPerRouter, routerDistributed } from '../config/options.js';
import type { L3AgentNotifier } from '../rpc/l3-agent-notifier.js';
import { HaRouterBinder } from '../scheduler/ha-router-binder.js';
import type { RouterScheduling } from '../scheduler/router-scheduling.js';
import type { L3CorePlugin } from './core-access.js';
import { HaNetworks } from './ha-networks.js';
import { RouterModes, type HaRouterBindings } from './router-modes.js';

/**
 * The dvr and l3-ha parts of the router plugin, from its options: the
 * routers' modes, and with agents the HA binder the scheduler places HA
 * routers with.
 */
export function routerModes(
  core: L3CorePlugin,
  config: ConfigReader,
  scheduling: RouterScheduling | undefined,
  notifier: L3AgentNotifier,
  logger: Logger,
): RouterModes {
  verifyHaOptions(config.get('DEFAULT', l3HaNetCidr), config.get('DEFAULT', maxL3AgentsPerRouter));
  const haNetworks = new HaNetworks(core, {
    cidr: config.get('DEFAULT', l3HaNetCidr),
    networkType: config.get('DEFAULT', l3HaNetworkType),
    physicalName: config.get('DEFAULT', l3HaNetworkPhysicalName),
  });
  const defaults = { distributed: config.get('DEFAULT', routerDistributed), ha: config.get('DEFAULT', l3Ha) };
  if (!scheduling) return new RouterModes(defaults, haNetworks);
  const binder = new HaRouterBinder(core, haNetworks, config.get('DEFAULT', maxL3AgentsPerRouter));
  scheduling.haBinder = binder;
  const bindings: HaRouterBindings = {
    async unbind(session, routerId, notify) {
      const agentIds = (await l3View(session.db).selectFrom('routerl3agentbindings').select('l3_agent_id').where('router_id', '=', routerId).execute()).map(
        (row) => row.l3_agent_id,
      );
      await binder.unbind(session, routerId);
      if (!notify || agentIds.length === 0) return;
      session.afterCommit(async () => {
        for (const host of await scheduling.hostsOf(agentIds)) {
          // The change is committed: an agent not told resyncs on its own, as after any lost notification.
          await notifier.routerRemovedFromAgent(getAdminContext(), routerId, host).catch((error: unknown) => {
            logger.error('could not notify L3 agent', { method: 'router_removed_from_agent', router_id: routerId, host, error: String(error) });
          });
        }
      });
    },
  };
  return new RouterModes(defaults, haNetworks, bindings);
}
