import { converters, type ExtensionDescriptor } from '@net-server/lib';

/**
 * neutron_lib.api.definitions.stateful_security_group: whether a group's
 * rules are stateful (connection tracking) or stateless; a port's groups
 * are all one or the other.
 */
export const STATEFUL_SECURITY_GROUP: ExtensionDescriptor = {
  alias: 'stateful-security-group',
  name: 'Stateful security group',
  description: 'Indicates if the security group is stateful or not',
  updated: '2019-11-26T09:00:00-00:00',
  resourceAttributeMap: {
    security_groups: {
      stateful: { allowPost: true, allowPut: true, isVisible: true, default: true, convertTo: converters.convertToBoolean },
    },
  },
  requiredExtensions: ['security-group'],
  optionalExtensions: [],
};
