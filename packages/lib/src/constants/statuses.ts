/** Resource `status` values (neutron_lib.constants). */
export const NET_STATUS_ACTIVE = 'ACTIVE';
export const NET_STATUS_BUILD = 'BUILD';
export const NET_STATUS_DOWN = 'DOWN';
export const NET_STATUS_ERROR = 'ERROR';

export const PORT_STATUS_ACTIVE = 'ACTIVE';
export const PORT_STATUS_BUILD = 'BUILD';
export const PORT_STATUS_DOWN = 'DOWN';
export const PORT_STATUS_ERROR = 'ERROR';
export const PORT_STATUS_NOTAPPLICABLE = 'N/A';

export const FLOATINGIP_STATUS_ACTIVE = 'ACTIVE';
export const FLOATINGIP_STATUS_DOWN = 'DOWN';
export const FLOATINGIP_STATUS_ERROR = 'ERROR';

export const ROUTER_STATUS_ACTIVE = 'ACTIVE';
export const ROUTER_STATUS_ALLOCATING = 'ALLOCATING';
export const ROUTER_STATUS_ERROR = 'ERROR';

export const ACTIVE = 'ACTIVE';
export const DOWN = 'DOWN';
export const CREATED = 'CREATED';
export const PENDING_CREATE = 'PENDING_CREATE';
export const PENDING_UPDATE = 'PENDING_UPDATE';
export const PENDING_DELETE = 'PENDING_DELETE';
export const INACTIVE = 'INACTIVE';
export const ERROR = 'ERROR';
