import type { ExtensionDescriptor } from '../extension-descriptor.js';
import { convertToInt } from '../../validators/converters.js';

/** neutron_lib.api.definitions.extra_dhcp_opt ('extra_dhcp_opt'). */
export const EXTRA_DHCP_OPT: ExtensionDescriptor = {
  alias: 'extra_dhcp_opt',
  name: 'Neutron Extra DHCP options',
  description:
    'Extra options configuration for DHCP. For example PXE boot options to DHCP clients can be specified (e.g. tftp-server, server-ip-address, bootfile-name)',
  updated: '2013-03-17T12:00:00-00:00',
  resourceAttributeMap: {
    ports: {
      extra_dhcp_opts: {
        allowPost: true,
        allowPut: true,
        default: null,
        validate: {
          type: 'type:list_of_any_key_specs_or_none',
          arg: [
            {
              opt_name: { validate: { type: 'type:values', arg: ['router', 'classless-static-route'] }, required: true },
              opt_value: { validate: { type: 'type:string_or_none', arg: 255 }, required: true },
              ip_version: { convertTo: convertToInt, validate: { type: 'type:values', arg: [4, 6] }, required: false },
            },
            {
              opt_name: { validate: { type: 'type:oneline_not_empty_string', arg: 64 }, required: true },
              opt_value: { validate: { type: 'type:oneline_not_empty_string_or_none', arg: 255 }, required: true },
              ip_version: { convertTo: convertToInt, validate: { type: 'type:values', arg: [4, 6] }, required: false },
            },
          ],
        },
        isVisible: true,
      },
    },
  },
  requiredExtensions: [],
  optionalExtensions: [],
};
