import { BadRequest, Conflict, InUse, NeutronException, NotFound, defineNeutronException } from '@net-server/lib';

/** neutron_lib.exceptions.network_segment_range, and the range errors of neutron_lib.exceptions, as net-server errors (type = neutron's class name). */
export const NetworkSegmentRangeNetTypeNotSupported = defineNeutronException<{ type: unknown }>(
  BadRequest,
  'NetworkSegmentRangeNetTypeNotSupported',
  'Network type %(type)s does not support network segment ranges.',
);

export const NetworkSegmentRangeNotFound = defineNeutronException<{ range_id: unknown }>(
  NotFound,
  'NetworkSegmentRangeNotFound',
  'Network Segment Range %(range_id)s could not be found.',
);

export const NetworkSegmentRangeReferencedByProject = defineNeutronException<{ range_id: unknown }>(
  InUse,
  'NetworkSegmentRangeReferencedByProject',
  'Network Segment Range %(range_id)s is referenced by one or more tenant networks.',
);

export const NetworkSegmentRangeDefaultReadOnly = defineNeutronException<{ range_id: unknown }>(
  BadRequest,
  'NetworkSegmentRangeDefaultReadOnly',
  'Network Segment Range %(range_id)s is a default segment range which could not be updated or deleted.',
);

export const NetworkSegmentRangeOverlaps = defineNeutronException<{ range_id: unknown }>(
  Conflict,
  'NetworkSegmentRangeOverlaps',
  'Network segment range overlaps with range(s) with id %(range_id)s',
);

/*
 * neutron raises these two as bare NeutronExceptions, which its API turns
 * into a 500; a range out of its type's ids is the caller's mistake, so
 * here they are 400s with neutron's type and message.
 */
export const NetworkVlanRangeError = defineNeutronException<{ vlan_range: unknown; error: unknown }>(
  NeutronException,
  'NetworkVlanRangeError',
  "Invalid network VLAN range: '%(vlan_range)s' - '%(error)s'.",
  { httpStatus: 400 },
);

export const NetworkTunnelRangeError = defineNeutronException<{ tunnel_range: unknown; error: unknown }>(
  NeutronException,
  'NetworkTunnelRangeError',
  "Invalid network tunnel range: '%(tunnel_range)s' - %(error)s.",
  { httpStatus: 400 },
);
