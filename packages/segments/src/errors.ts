import { BadRequest, defineNeutronException, type ErrorFields } from '@net-server/lib';

/** neutron.services.segments.exceptions, as net-server errors (type = neutron's class name). SegmentNotFound and SegmentInUse are @net-server/lib's. */
export const NoUpdateSubnetWhenMultipleSegmentsOnNetwork = defineNeutronException<{ network_id: unknown }>(
  BadRequest,
  'NoUpdateSubnetWhenMultipleSegmentsOnNetwork',
  "The network '%(network_id)s' has multiple segments, it is only possible to associate an existing subnet with a segment on networks with a single segment.",
);
export const SubnetsNotAllAssociatedWithSegments = defineNeutronException<{ network_id: unknown }>(
  BadRequest,
  'SubnetsNotAllAssociatedWithSegments',
  "All of the subnets on network '%(network_id)s' must either all be associated with segments or all not associated with any segment.",
);
export const SubnetCantAssociateToDynamicSegment = defineNeutronException<ErrorFields>(
  BadRequest,
  'SubnetCantAssociateToDynamicSegment',
  'A subnet cannot be associated with a dynamic segment.',
);
export const SubnetSegmentAssociationChangeNotAllowed = defineNeutronException<ErrorFields>(
  BadRequest,
  'SubnetSegmentAssociationChangeNotAllowed',
  'A subnet that is already associated with a segment cannot have its segment association changed.',
);
export const NetworkIdsDontMatch = defineNeutronException<{ subnet_network: unknown; segment_id: unknown }>(
  BadRequest,
  'NetworkIdsDontMatch',
  "The subnet's network id, '%(subnet_network)s', doesn't match the network_id of segment '%(segment_id)s'",
);
