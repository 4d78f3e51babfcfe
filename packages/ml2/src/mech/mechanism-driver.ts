import type { ConfigReader, Logger } from '@net-server/lib';
import type { AgentNotifier } from '../rpc/agent-notifier.js';
import type { NetworkContext } from './network-context.js';
import type { NetworkTopology } from './network-topology.js';
import type { PortContext } from './port-context.js';
import type { SubnetContext } from './subnet-context.js';

/** What a mechanism driver's constructor receives. */
export interface MechanismDriverInit {
  config: ConfigReader;
  logger: Logger;
  /** Sends notifications to agents (l2population's fdb updates). */
  notifier: AgentNotifier;
  /** Where ports and agents are, for drivers that program agents. */
  topology: NetworkTopology;
}

type Awaitable = Promise<void> | void;

/**
 * A mechanism driver (neutron's MechanismDriver). Every method is optional.
 * `*Precommit` run inside the database transaction of the change: throwing
 * rolls the change back. `*Postcommit` run after the commit: a failure on
 * create deletes the new resource, on update or delete it is reported after
 * the other drivers have run. `bindPort` binds a port to its host by calling
 * `context.setBinding` (or `continueBinding` for hierarchical bindings).
 * Registered in `net_server.ml2.mechanism_drivers` as a class constructed
 * with a {@link MechanismDriverInit}.
 */
export interface MechanismDriver {
  initialize?(): Awaitable;
  createNetworkPrecommit?(context: NetworkContext): Awaitable;
  createNetworkPostcommit?(context: NetworkContext): Awaitable;
  updateNetworkPrecommit?(context: NetworkContext): Awaitable;
  updateNetworkPostcommit?(context: NetworkContext): Awaitable;
  deleteNetworkPrecommit?(context: NetworkContext): Awaitable;
  deleteNetworkPostcommit?(context: NetworkContext): Awaitable;
  createSubnetPrecommit?(context: SubnetContext): Awaitable;
  createSubnetPostcommit?(context: SubnetContext): Awaitable;
  updateSubnetPrecommit?(context: SubnetContext): Awaitable;
  updateSubnetPostcommit?(context: SubnetContext): Awaitable;
  deleteSubnetPrecommit?(context: SubnetContext): Awaitable;
  deleteSubnetPostcommit?(context: SubnetContext): Awaitable;
  createPortPrecommit?(context: PortContext): Awaitable;
  createPortPostcommit?(context: PortContext): Awaitable;
  updatePortPrecommit?(context: PortContext): Awaitable;
  updatePortPostcommit?(context: PortContext): Awaitable;
  deletePortPrecommit?(context: PortContext): Awaitable;
  deletePortPostcommit?(context: PortContext): Awaitable;
  bindPort?(context: PortContext): Awaitable;
  /**
   * The L2 agent on the context's host reported the port's device wired
   * (update_device_up; `refreshTunnels` after the agent restarted) or
   * unwired (update_device_down), whatever the port's status: neutron tells
   * l2population so (notify_l2pop_port_wiring), so that forwarding entries
   * follow the wire and not only status changes. Failures are logged.
   */
  portWired?(context: PortContext, refreshTunnels: boolean): Awaitable;
  portUnwired?(context: PortContext): Awaitable;
}

/** The hook names, for calling drivers by operation. */
export type MechanismHook = Exclude<keyof MechanismDriver, 'initialize' | 'bindPort' | 'portWired' | 'portUnwired'>;
