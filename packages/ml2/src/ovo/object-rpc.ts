import type { Logger, ResourceProducerRegistry } from '@net-server/lib';
import type { HookRegistry, TransactionRunner } from 'net-server';
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

/**
 * Serves neutron's versioned objects to agents, as neutron's ML2 does for
 * the Open vSwitch agent's resource cache: `bulk_pull` (and `pull`) of
 * Port, Network, Subnet, SecurityGroup, SecurityGroupRule and AddressGroup
 * through the plugin's producer registry, and pushes after every committed
 * change of networks, subnets and ports (through the hooks added here) and
 * of security groups and rules (the returned ResourcePush, which the
 * plugin's security group methods call).
 */
export function setUpObjectRpc(host: ObjectRpcHost): ResourcePush {
  const types = ml2ObjectTypes(host.loadDicts);
  for (const type of Object.values(types)) host.resourceProducers.provide(type.name, objectProducer(type, host.transactions));
  const push = new ResourcePush(types, host.transactions, host.notifier, new PushVersions(host.liveAgents, host.logger), host.logger);
  host.hooks.add('network', new ObjectPushHooks('Network', push));
  host.hooks.add('subnet', new ObjectPushHooks('Subnet', push));
  host.hooks.add('port', new ObjectPushHooks('Port', push));
  return push;
}
