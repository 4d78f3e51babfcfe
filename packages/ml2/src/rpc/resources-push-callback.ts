import { optionalStringArg, Target } from '@net-server/rpc';
import type { TransactionRunner } from 'net-server';
import type { AgentsDb } from '../agents/agents-db.js';
import { ml2View } from '../db/ml2-view.js';
import { rpcContext } from './rpc-args.js';

/** What resource version reports need of the ML2 plugin: the agents table, written in a transaction. */
export interface ResourcesPushRpcPlugin {
  readonly transactions: TransactionRunner;
  readonly agentsDb: Pick<AgentsDb, 'setResourceVersions'>;
}

/**
 * Resource versions on the q-server-resource-versions fanout topic
 * (neutron's ResourcesPushToServerRpcCallback): agents announce the object
 * versions they understand; they are kept with the agent.
 */
export class ResourcesPushCallback {
  readonly target = new Target({ version: '1.0' });

  constructor(private readonly plugin: ResourcesPushRpcPlugin) {}

  async report_agent_resource_versions(context: unknown, args: Record<string, unknown>): Promise<null> {
    const type = optionalStringArg(args, 'agent_type');
    const host = optionalStringArg(args, 'agent_host');
    const versions = args['version_map'];
    if (type && host && typeof versions === 'object' && versions !== null) {
      await this.plugin.transactions.write(rpcContext(context).elevated(), (session) =>
        this.plugin.agentsDb.setResourceVersions(ml2View(session.db), type, host, versions as Record<string, unknown>),
      );
    }
    return null;
  }
}
