import { resourceProducersOf, type Logger, type ResourceProducer } from '@net-server/lib';
import { ResourcesPushRpcApi, type PushedResource, type Transport } from '@net-server/rpc';

/** A service plugin's objects on neutron's resources RPC: pushed to agents through `push`; `withdraw` stops serving their pulls. */
export interface AgentObjects {
  push: ResourcesPushRpcApi;
  withdraw: () => void;
}

/**
 * Serves one object type of a service plugin (conntrack helpers, NDP
 * proxies, ...) on neutron's resources RPC: agents pull it from the core
 * plugin's producer registry, and changes are pushed to them. Both or
 * neither, as in neutron: agents are pushed to only where they can pull, a
 * core plugin that serves agents (ML2, with a transport); undefined for
 * another core plugin.
 */
export function serveAgentObjects(core: object, logger: Logger, pushed: PushedResource, producer: () => ResourceProducer): AgentObjects | undefined {
  const producers = resourceProducersOf(core);
  const transport = (core as { transport?: unknown }).transport;
  if (!producers || typeof transport !== 'function') return undefined;
  const push = new ResourcesPushRpcApi(() => (transport as () => Promise<Transport>).call(core), logger, pushed);
  return { push, withdraw: producers.provide(pushed.resource, producer()) };
}
