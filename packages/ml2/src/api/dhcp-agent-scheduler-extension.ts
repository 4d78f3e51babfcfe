import { InvalidInput, type ExtensionDescriptor, type SubresourceController, type SubresourceRequest } from '@net-server/lib';
import type { DhcpAgentService } from '../dhcp/dhcp-agent-service.js';

/** neutron_lib.api.definitions.dhcpagentscheduler: /agents/{id}/dhcp-networks and /networks/{id}/dhcp-agents. */
export const DHCP_AGENT_SCHEDULER: ExtensionDescriptor = {
  alias: 'dhcp_agent_scheduler',
  name: 'DHCP Agent Scheduler',
  description: 'Schedule networks among dhcp agents',
  updated: '2013-02-07T10:00:00-00:00',
  resourceAttributeMap: {},
  controllerSubresources: {
    'dhcp-networks': { parents: ['agents'], actionStatus: { index: 200, create: 201, delete: 204 } },
    'dhcp-agents': { parents: ['networks'], actionStatus: { index: 200 } },
  },
  requiredExtensions: ['agent'],
  optionalExtensions: [],
};

/**
 * neutron's NetworkSchedulerController and DhcpAgentsHostingNetworkController:
 * each enforces its own rule (`get_dhcp-networks`, `create_dhcp-network`,
 * `delete_dhcp-network`, `get_dhcp-agents`: admins only by default) before
 * it acts.
 */
export function dhcpAgentSchedulerControllers(dhcp: DhcpAgentService): Record<string, SubresourceController> {
  // On the parent as the caller sees it: refused on one they see (a network) is 403, on one hidden from them (an agent) 404.
  const enforce = async (request: SubresourceRequest, action: string): Promise<void> => request.parent.authorize(action, (await request.parent.find()) ?? {});
  return {
    'dhcp-networks': {
      async index(request) {
        await enforce(request, 'get_dhcp-networks');
        return { networks: await dhcp.networksOnAgent(request.context, request.parent.id) };
      },
      async create(request) {
        await enforce(request, 'create_dhcp-network');
        const { body } = request;
        const networkId = typeof body === 'object' && body !== null && 'network_id' in body ? body.network_id : undefined;
        if (typeof networkId !== 'string' || networkId === '')
          throw new InvalidInput({ error_message: "the body needs the 'network_id' of the network to add" });
        await dhcp.addNetworkToAgent(request.context, request.parent.id, networkId);
        return undefined;
      },
      async delete(request) {
        await enforce(request, 'delete_dhcp-network');
        await dhcp.removeNetworkFromAgent(request.context, request.parent.id, request.id!);
        return undefined;
      },
    },
    'dhcp-agents': {
      async index(request) {
        await enforce(request, 'get_dhcp-agents');
        return { agents: await dhcp.agentsHostingNetwork(request.context, request.parent.id) };
      },
    },
  };
}
