import type { ExtensionDescriptor } from '../extension-descriptor.js';
import { ATTR_NOT_SPECIFIED } from '../attribute.js';

/** neutron_lib.api.definitions.portbindings ('binding'). */
export const PORTBINDINGS: ExtensionDescriptor = {
  alias: 'binding',
  name: 'Port Binding',
  description: 'Expose port bindings of a virtual port to external application',
  updated: '2014-02-03T10:00:00-00:00',
  resourceAttributeMap: {
    ports: {
      'binding:vif_type': { allowPost: false, allowPut: false, default: ATTR_NOT_SPECIFIED, isVisible: true, enforcePolicy: true },
      'binding:vif_details': { allowPost: false, allowPut: false, default: ATTR_NOT_SPECIFIED, isVisible: true, enforcePolicy: true },
      'binding:vnic_type': {
        allowPost: true,
        allowPut: true,
        default: 'normal',
        validate: {
          type: 'type:values',
          arg: [
            'normal',
            'direct',
            'macvtap',
            'baremetal',
            'direct-physical',
            'virtio-forwarder',
            'smart-nic',
            'vdpa',
            'accelerator-direct',
            'accelerator-direct-physical',
            'remote-managed',
          ],
        },
        isVisible: true,
        enforcePolicy: true,
      },
      'binding:host_id': { allowPost: true, allowPut: true, default: ATTR_NOT_SPECIFIED, isVisible: true, isFilter: true, enforcePolicy: true },
      'binding:profile': {
        allowPost: true,
        allowPut: true,
        default: ATTR_NOT_SPECIFIED,
        validate: { type: 'type:dict_or_none' },
        isVisible: true,
        enforcePolicy: true,
      },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
