import type { Context, Logger, ResourceDict } from '@net-server/lib';
import type { AgentsDb } from '../agents/agents-db.js';
import type { ExtensionManager } from '../ext/extension-manager.js';
import type { MechanismManager } from '../mech/mechanism-manager.js';
import type { SecurityGroupService } from '../sg/security-group-service.js';
import type { AgentNotifier } from '../rpc/agent-notifier.js';
import type { TypeManager } from '../types/type-manager.js';
import type { NetworkSegment } from '../types/segment.js';

/** The managers and helpers ML2's resource hooks share. */
export interface Ml2Services {
  types: TypeManager;
  mechanisms: MechanismManager;
  extensions: ExtensionManager;
  agents: AgentsDb;
  notifier: AgentNotifier;
  securityGroups: SecurityGroupService;
  logger: Logger;
  /** Deletes a resource whose create postcommit failed (neutron's cleanup). */
  deleteAfterFailedCreate(kind: 'network' | 'subnet' | 'port', context: Context, id: string): Promise<void>;
  /** Binds a port after a commit when it has a host and no binding yet; answers the segment it bound, if it did. */
  bindPortIfNeeded(context: Context, port: ResourceDict): Promise<NetworkSegment | undefined>;
  /** `base_mac`, on which a direct-physical port gets a new MAC (port-mac-override). */
  baseMac: string;
}

/** Sends a notification without letting a broker problem fail the API call that caused it. */
export async function notifyAgents(services: Ml2Services, send: () => Promise<void>, what: string): Promise<void> {
  try {
    await send();
  } catch (error) {
    services.logger.error(`Failed to notify agents of ${what}`, { error });
  }
}
