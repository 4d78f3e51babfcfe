import { ATTR_NOT_SPECIFIED, type ExtensionDescriptor } from '@net-server/lib';

/**
 * neutron_lib.api.definitions.agent_resources_synced: an agent's
 * `resources_synced`, whether its last resource view reached Placement
 * (true or false), null until a placement report sets it. ML2 announces it
 * always, as neutron's does; net-server has no placement report plugin,
 * so the agents it records keep null.
 */
export const AGENT_RESOURCES_SYNCED: ExtensionDescriptor = {
  alias: 'agent-resources-synced',
  name: "Agent's Resource View Synced to Placement",
  description: 'Stores success/failure of last sync to Placement',
  updated: '2018-12-19T00:00:00-00:00',
  resourceAttributeMap: {
    agents: { resources_synced: { allowPost: false, allowPut: false, default: ATTR_NOT_SPECIFIED, isVisible: true } },
  },
  requiredExtensions: ['agent'],
  optionalExtensions: [],
};
