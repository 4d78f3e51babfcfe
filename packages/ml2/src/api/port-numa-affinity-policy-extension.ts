import type { ExtensionDescriptor } from '@net-server/lib';

/** neutron_lib.constants.PORT_NUMA_POLICIES in Zed. */
export const PORT_NUMA_POLICIES = ['required', 'preferred', 'legacy'] as const;

/** neutron_lib.api.definitions.port_numa_affinity_policy: the NUMA affinity Nova gives the port's device. */
export const PORT_NUMA_AFFINITY_POLICY: ExtensionDescriptor = {
  alias: 'port-numa-affinity-policy',
  name: 'Port NUMA affinity policy',
  description: 'Expose the port NUMA affinity policy',
  updated: '2020-07-08T10:00:00-00:00',
  resourceAttributeMap: {
    ports: {
      numa_affinity_policy: {
        allowPost: true,
        allowPut: true,
        validate: { type: 'type:values', arg: [...PORT_NUMA_POLICIES, null] },
        default: null,
        isVisible: true,
      },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
