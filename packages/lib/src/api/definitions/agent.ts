import type { ExtensionDescriptor } from '../extension-descriptor.js';
import { convertToBoolean } from '../../validators/converters.js';

/** neutron_lib.api.definitions.agent ('agent'). */
export const AGENT: ExtensionDescriptor = {
  alias: 'agent',
  name: 'agent',
  description: 'The agent management extension.',
  updated: '2013-02-03T10:00:00-00:00',
  resourceAttributeMap: {
    agents: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, isFilter: true },
      agent_type: { allowPost: false, allowPut: false, isVisible: true, isFilter: true },
      binary: { allowPost: false, allowPut: false, isVisible: true, isFilter: true },
      topic: { allowPost: false, allowPut: false, isVisible: true, isFilter: true },
      host: { allowPost: false, allowPut: false, isVisible: true, isFilter: true },
      admin_state_up: { allowPost: false, allowPut: true, convertTo: convertToBoolean, isVisible: true, isFilter: true },
      created_at: { allowPost: false, allowPut: false, isVisible: true },
      started_at: { allowPost: false, allowPut: false, isVisible: true },
      heartbeat_timestamp: { allowPost: false, allowPut: false, isVisible: true },
      alive: { allowPost: false, allowPut: false, isVisible: true, isFilter: true },
      configurations: { allowPost: false, allowPut: false, isVisible: true },
      description: { allowPost: false, allowPut: true, validate: { type: 'type:string_or_none', arg: 255 }, isVisible: true, isFilter: true },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
