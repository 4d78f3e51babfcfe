import type { Logger, ResourceProducerRegistry } from '@net-server/lib';
import type { HookRegistry, ResourceHooks, TransactionRunner } from 'net-server';
import type { Agent } from '../agents/agent.js';
import type { AgentNotifier } from '../rpc/agent-notifier.js';
import type { DictLoader } from './dict-loader.js';
import { objectProducer } from './object-type.js';
import { ml2ObjectTypes } from './object-types.js';
import { ObjectPushHooks } from './push-hooks.js';
import { PushVersions } from './push-versions.js';
import { ResourcePush } from './resource-push.js';

/** What ML2's versioned-object RPC needs of the plugin. */
export interface ObjectRpcHost {
  readonly resourceProducers: ResourceProducerRegistry;
  readonly hooks: HookRegistry;
  readonly transactions: TransactionRunner;
  readonly loadDicts: DictLoader;
  readonly notifier: () => AgentNotifier;
  readonly liveAgents: () => Promise<readonly Agent[]>;
  readonly logger: Logger;
}

/** The push, and the port hooks that push each updated port (which a batch of status changes replaces by one push). */
export interface ObjectRpc {
  readonly push: ResourcePush;
  readonly portPushHooks: ResourceHooks;
}

/**
 * Serves neutron's versioned objects to agents, as neutron's ML2 does for
 * the Open vSwitch agent's resource cache: `bulk_pull` (and `pull`) of
 * Port, Network, Subnet, SecurityGroup, SecurityGroupRule and AddressGroup
 * through the plugin's producer registry, and pushes after every committed
 * change of networks, subnets and ports (through the hooks added here) and
 * of security groups and rules (the returned ResourcePush, which the
 * plugin's security group methods call).
 */
export function setUpObjectRpc(host: ObjectRpcHost): ObjectRpc {
  const types = ml2ObjectTypes(host.loadDicts);
  for (const type of Object.values(types)) host.resourceProducers.provide(type.name, objectProducer(type, host.transactions));
  const push = new ResourcePush(types, host.transactions, host.notifier, new PushVersions(host.liveAgents, host.logger), host.logger);
  host.hooks.add('network', new ObjectPushHooks('Network', push));
  host.hooks.add('subnet', new ObjectPushHooks('Subnet', push));
  const portPushHooks = new ObjectPushHooks('Port', push);
  host.hooks.add('port', portPushHooks);
  return { push, portPushHooks };
}
