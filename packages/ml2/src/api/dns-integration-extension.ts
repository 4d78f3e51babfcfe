import type { ExtensionDescriptor } from '@net-server/lib';

/** neutron_lib.api.definitions.dns ('dns-integration'): served by the `dns` extension driver. */
export const DNS_INTEGRATION: ExtensionDescriptor = {
  alias: 'dns-integration',
  name: 'DNS Integration',
  description: 'Provides integration with DNS.',
  updated: '2015-08-15T18:00:00-00:00',
  resourceAttributeMap: {
    ports: {
      dns_name: { allowPost: true, allowPut: true, default: '', validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true },
      dns_assignment: { allowPost: false, allowPut: false, isVisible: true },
    },
    networks: {
      dns_domain: { allowPost: true, allowPut: true, default: '', validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
