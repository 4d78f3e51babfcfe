import { constants, type Logger } from '@net-server/lib';
import type { Agent } from '../agents/agent.js';
import type { NetworkSegment } from '../types/segment.js';
import type { MechanismDriver, MechanismDriverInit } from './mechanism-driver.js';
import type { PortContext } from './port-context.js';

/** What distinguishes one L2 agent's driver from another. */
export interface AgentDriverSpec {
  agentType: string;
  vifType: string;
  supportedVnicTypes: readonly string[];
  /** Physical networks the agent can reach, from its reported configurations. */
  mappings(agent: Agent): Record<string, unknown>;
  vifDetails(context: PortContext, agent: Agent): Record<string, unknown>;
}

/**
 * Binds ports to hosts running a live L2 agent of one type (neutron's
 * SimpleAgentMechanismDriverBase): the agent must handle the segment's
 * type (local, flat, vlan and the tunnel types it reports) and, for flat
 * and VLAN segments, have the physical network in its mappings.
 */
export abstract class AgentMechanismDriver implements MechanismDriver {
  protected readonly logger: Logger;

  protected constructor(
    { logger }: MechanismDriverInit,
    readonly spec: AgentDriverSpec,
  ) {
    this.logger = logger.child({ driver: spec.agentType });
  }

  async bindPort(context: PortContext): Promise<void> {
    if (!this.spec.supportedVnicTypes.includes(context.vnicType)) {
      this.logger.debug('Refusing to bind due to unsupported vnic_type', { vnicType: context.vnicType });
      return;
    }
    const agents = await context.hostAgents(this.spec.agentType);
    if (agents.length === 0) {
      this.logger.debug('Port cannot be bound: no agent of this type on the host', { port: context.current['id'], host: context.host });
      return;
    }
    for (const agent of agents) {
      if (!agent.alive) {
        this.logger.warn('Refusing to bind port to dead agent', { port: context.current['id'], agent: agent.id });
        continue;
      }
      for (const segment of context.segmentsToBind) {
        if (this.checkSegmentForAgent(segment, agent)) {
          context.setBinding(segment.id, this.spec.vifType, this.spec.vifDetails(context, agent));
          return;
        }
      }
    }
  }

  allowedNetworkTypes(agent: Agent): string[] {
    const tunnels = agent.configurations['tunnel_types'];
    return [...(Array.isArray(tunnels) ? tunnels.map(String) : []), constants.TYPE_LOCAL, constants.TYPE_FLAT, constants.TYPE_VLAN];
  }

  checkSegmentForAgent(segment: NetworkSegment, agent: Agent): boolean {
    if (!this.allowedNetworkTypes(agent).includes(segment.network_type)) return false;
    if (segment.network_type === constants.TYPE_FLAT || segment.network_type === constants.TYPE_VLAN) {
      return segment.physical_network !== null && Object.hasOwn(this.spec.mappings(agent), segment.physical_network);
    }
    return true;
  }
}

export function mappingOf(agent: Agent, key: string): Record<string, unknown> {
  const value = agent.configurations[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
