import { converters, type ExtensionDescriptor } from '@net-server/lib';

/** The plugin's service type (neutron's auto_allocate Plugin.get_plugin_type()). */
export const AUTO_ALLOCATE_SERVICE_TYPE = 'auto-allocated-topology';
export const AUTO_ALLOCATED_TOPOLOGIES = 'auto_allocated_topologies';
/** The network attribute that marks the default external network (neutron_lib.api.definitions.constants.IS_DEFAULT). */
export const IS_DEFAULT = 'is_default';

const readOnly = { allowPost: false, allowPut: false, isVisible: true } as const;

/**
 * neutron_lib.api.definitions.auto_allocated_topology: GET and DELETE of
 * /v2.0/auto-allocated-topology/{project_id}, and `is_default` on networks,
 * which names the external network auto-allocated routers get their
 * gateway on.
 */
export const AUTO_ALLOCATED_TOPOLOGY: ExtensionDescriptor = {
  alias: 'auto-allocated-topology',
  name: 'Auto Allocated Topology Services',
  description: 'Auto Allocated Topology Services.',
  updated: '2016-01-01T00:00:00-00:00',
  resourceAttributeMap: {
    [AUTO_ALLOCATED_TOPOLOGIES]: {
      id: { ...readOnly, validate: { type: 'type:uuid' } },
      tenant_id: { ...readOnly, validate: { type: 'type:uuid' } },
    },
    networks: {
      [IS_DEFAULT]: {
        allowPost: true,
        allowPut: true,
        default: false,
        isFilter: true,
        isVisible: true,
        convertTo: converters.convertToBoolean,
        enforcePolicy: true,
        requiredByPolicy: true,
      },
    },
  },
  collectionPaths: { [AUTO_ALLOCATED_TOPOLOGIES]: 'auto-allocated-topology' },
  pluralMappings: { [AUTO_ALLOCATED_TOPOLOGIES]: 'auto_allocated_topology' },
  serviceType: AUTO_ALLOCATE_SERVICE_TYPE,
  requiredExtensions: ['router', 'subnet_allocation', 'external-net'],
  optionalExtensions: [],
};

/** The descriptors this package contributes through `net_server.api.extensions`. */
export const autoAllocateExtensions: readonly ExtensionDescriptor[] = [AUTO_ALLOCATED_TOPOLOGY];
