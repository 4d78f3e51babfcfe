import { NeutronException, defineNeutronException, type ErrorFields } from './neutron-exception.js';

/*
 * The exceptions of neutron_lib.exceptions (and the IPAM ones of
 * neutron.ipam.exceptions) that the API and plugins raise, with neutron's
 * class names and message templates, so clients see neutron's errors. The
 * families carry the HTTP status of neutron's FAULT_MAP; anything else is
 * answered with 500.
 */

export const BadRequest = defineNeutronException<{ resource: unknown; msg: unknown }>(NeutronException, 'BadRequest', 'Bad %(resource)s request: %(msg)s.', {
  httpStatus: 400,
});
export const NotFound = defineNeutronException<ErrorFields>(NeutronException, 'NotFound', NeutronException.template, {
  httpStatus: 404,
});
export const Conflict = defineNeutronException<ErrorFields>(NeutronException, 'Conflict', NeutronException.template, {
  httpStatus: 409,
});
export const InUse = defineNeutronException<ErrorFields>(NeutronException, 'InUse', 'The resource is in use.', {
  httpStatus: 409,
});
export const NotAuthorized = defineNeutronException<ErrorFields>(NeutronException, 'NotAuthorized', 'Not authorized.', {
  httpStatus: 403,
});
export const ServiceUnavailable = defineNeutronException<ErrorFields>(NeutronException, 'ServiceUnavailable', 'The service is unavailable.', {
  httpStatus: 503,
});
export const ResourceExhausted = defineNeutronException<ErrorFields>(ServiceUnavailable, 'ResourceExhausted', ServiceUnavailable.template);

export const InvalidInput = defineNeutronException<{ error_message: unknown }>(BadRequest, 'InvalidInput', 'Invalid input for operation: %(error_message)s.');
export const OverQuota = defineNeutronException<{ overs: unknown }>(Conflict, 'OverQuota', 'Quota exceeded for resources: %(overs)s.');
export const TenantQuotaNotFound = defineNeutronException<{ tenant_id: unknown }>(
  NotFound,
  'TenantQuotaNotFound',
  'Quota for tenant %(tenant_id)s could not be found.',
);
export const QuotaMissingTenant = defineNeutronException<ErrorFields>(BadRequest, 'QuotaMissingTenant', 'Tenant-id was missing from quota request.');
export const AdminRequired = defineNeutronException<{ reason: unknown }>(NotAuthorized, 'AdminRequired', 'User does not have admin privileges: %(reason)s.');
export const ObjectNotFound = defineNeutronException<{ id: unknown }>(NotFound, 'ObjectNotFound', 'Object %(id)s not found.');
export const NetworkNotFound = defineNeutronException<{ net_id: unknown }>(NotFound, 'NetworkNotFound', 'Network %(net_id)s could not be found.');
export const SubnetNotFound = defineNeutronException<{ subnet_id: unknown }>(NotFound, 'SubnetNotFound', 'Subnet %(subnet_id)s could not be found.');
export const PortNotFound = defineNeutronException<{ port_id: unknown }>(NotFound, 'PortNotFound', 'Port %(port_id)s could not be found.');
export const PortNotFoundOnNetwork = defineNeutronException<{ net_id: unknown; port_id: unknown }>(
  NotFound,
  'PortNotFoundOnNetwork',
  'Port %(port_id)s could not be found on network %(net_id)s.',
);
export const SubnetPoolNotFound = defineNeutronException<{ subnetpool_id: unknown }>(
  NotFound,
  'SubnetPoolNotFound',
  'Subnet pool %(subnetpool_id)s could not be found.',
);
export const NetworkInUse = defineNeutronException<{ net_id: unknown; reason?: unknown }>(
  InUse,
  'NetworkInUse',
  'Unable to complete operation on network %(net_id)s. %(reason)s.',
  {
    defaults: { reason: 'There are one or more ports still in use on the network' },
  },
);
export const SubnetInUse = defineNeutronException<{ reason?: unknown; subnet_id: unknown }>(
  InUse,
  'SubnetInUse',
  'Unable to complete operation on subnet %(subnet_id)s: %(reason)s.',
  {
    defaults: { reason: 'One or more ports have an IP allocation from this subnet' },
  },
);
export const SubnetPoolInUse = defineNeutronException<{ reason?: unknown; subnet_pool_id: unknown }>(
  InUse,
  'SubnetPoolInUse',
  'Unable to complete operation on subnet pool %(subnet_pool_id)s. %(reason)s.',
  {
    defaults: { reason: 'Two or more concurrent subnets allocated' },
  },
);
export const PortInUse = defineNeutronException<{ device_id: unknown; net_id: unknown; port_id: unknown }>(
  InUse,
  'PortInUse',
  'Unable to complete operation on port %(port_id)s for network %(net_id)s. Port already has an attached device %(device_id)s.',
);
export const ServicePortInUse = defineNeutronException<{ port_id: unknown; reason: unknown }>(
  InUse,
  'ServicePortInUse',
  'Port %(port_id)s cannot be deleted directly via the port API: %(reason)s.',
);
export const PortBound = defineNeutronException<{ new_mac: unknown; old_mac: unknown; port_id: unknown; vif_type: unknown }>(
  InUse,
  'PortBound',
  'Unable to complete operation on port %(port_id)s, port is already bound, port type: %(vif_type)s, old_mac %(old_mac)s, new_mac %(new_mac)s.',
);
export const MacAddressInUse = defineNeutronException<{ mac: unknown; net_id: unknown }>(
  InUse,
  'MacAddressInUse',
  'Unable to complete operation for network %(net_id)s. The mac address %(mac)s is in use.',
);
export const IpAddressInUse = defineNeutronException<{ ip_address: unknown; net_id: unknown }>(
  InUse,
  'IpAddressInUse',
  'Unable to complete operation for network %(net_id)s. The IP address %(ip_address)s is in use.',
);
export const VlanIdInUse = defineNeutronException<{ physical_network: unknown; vlan_id: unknown }>(
  InUse,
  'VlanIdInUse',
  'Unable to create the network. The VLAN %(vlan_id)s on physical network %(physical_network)s is in use.',
);
export const TunnelIdInUse = defineNeutronException<{ tunnel_id: unknown }>(
  InUse,
  'TunnelIdInUse',
  'Unable to create the network. The tunnel ID %(tunnel_id)s is in use.',
);
export const FlatNetworkInUse = defineNeutronException<{ physical_network: unknown }>(
  InUse,
  'FlatNetworkInUse',
  'Unable to create the flat network. Physical network %(physical_network)s is in use.',
);
export const DhcpPortInUse = defineNeutronException<{ port_id: unknown }>(InUse, 'DhcpPortInUse', 'Port %(port_id)s is already acquired by another DHCP agent');
export const InvalidIpForNetwork = defineNeutronException<{ ip_address: unknown }>(
  BadRequest,
  'InvalidIpForNetwork',
  'IP address %(ip_address)s is not a valid IP for any of the subnets on the specified network.',
);
export const InvalidIpForSubnet = defineNeutronException<{ ip_address: unknown }>(
  BadRequest,
  'InvalidIpForSubnet',
  'IP address %(ip_address)s is not a valid IP for the specified subnet.',
);
export const SubnetMismatchForPort = defineNeutronException<{ port_id: unknown; subnet_id: unknown }>(
  BadRequest,
  'SubnetMismatchForPort',
  'Subnet on port %(port_id)s does not match the requested subnet %(subnet_id)s.',
);
export const IpAddressGenerationFailure = defineNeutronException<{ net_id: unknown }>(
  Conflict,
  'IpAddressGenerationFailure',
  'No more IP addresses available on network %(net_id)s.',
);
export const ExternalIpAddressExhausted = defineNeutronException<{ net_id: unknown }>(
  BadRequest,
  'ExternalIpAddressExhausted',
  'Unable to find any IP address on external network %(net_id)s.',
);
export const NoNetworkAvailable = defineNeutronException<ErrorFields>(
  ResourceExhausted,
  'NoNetworkAvailable',
  'Unable to create the network. No tenant network is available for allocation.',
);
export const NoNetworkFoundInMaximumAllowedAttempts = defineNeutronException<ErrorFields>(
  ServiceUnavailable,
  'NoNetworkFoundInMaximumAllowedAttempts',
  'Unable to create the network. No available network found in maximum allowed attempts.',
);
export const HostMacAddressGenerationFailure = defineNeutronException<{ host: unknown }>(
  ServiceUnavailable,
  'HostMacAddressGenerationFailure',
  'Unable to generate unique mac for host %(host)s.',
);
export const NetworkMacAddressGenerationFailure = defineNeutronException<{ net_id: unknown }>(
  ServiceUnavailable,
  'NetworkMacAddressGenerationFailure',
  'Unable to generate unique mac on network %(net_id)s.',
);
export const InvalidServiceType = defineNeutronException<{ service_type: unknown }>(
  InvalidInput,
  'InvalidServiceType',
  'Invalid service type: %(service_type)s.',
);
export const TenantIdProjectIdFilterConflict = defineNeutronException<ErrorFields>(
  BadRequest,
  'TenantIdProjectIdFilterConflict',
  'Both tenant_id and project_id passed as filters.',
);
export const StateInvalid = defineNeutronException<{ port_state: unknown }>(BadRequest, 'StateInvalid', 'Unsupported port state: %(port_state)s.');
export const HostRoutesExhausted = defineNeutronException<{ quota: unknown; subnet_id: unknown }>(
  BadRequest,
  'HostRoutesExhausted',
  'Unable to complete operation for %(subnet_id)s. The number of host routes exceeds the limit %(quota)s.',
);
export const DNSNameServersExhausted = defineNeutronException<{ quota: unknown; subnet_id: unknown }>(
  BadRequest,
  'DNSNameServersExhausted',
  'Unable to complete operation for %(subnet_id)s. The number of DNS nameservers exceeds the limit %(quota)s.',
);
export const MalformedRequestBody = defineNeutronException<{ reason: unknown }>(BadRequest, 'MalformedRequestBody', 'Malformed request body: %(reason)s.');
export const InvalidAllocationPool = defineNeutronException<{ pool: unknown }>(
  BadRequest,
  'InvalidAllocationPool',
  'The allocation pool %(pool)s is not valid.',
);
export const UnsupportedPortDeviceOwner = defineNeutronException<{ device_owner: unknown; op: unknown; port_id: unknown }>(
  Conflict,
  'UnsupportedPortDeviceOwner',
  'Operation %(op)s is not supported for device_owner %(device_owner)s on port %(port_id)s.',
);
export const OverlappingAllocationPools = defineNeutronException<{ pool_1: unknown; pool_2: unknown; subnet_cidr: unknown }>(
  Conflict,
  'OverlappingAllocationPools',
  'Found overlapping allocation pools: %(pool_1)s %(pool_2)s for subnet %(subnet_cidr)s.',
);
export const OutOfBoundsAllocationPool = defineNeutronException<{ pool: unknown; subnet_cidr: unknown }>(
  BadRequest,
  'OutOfBoundsAllocationPool',
  'The allocation pool %(pool)s spans beyond the subnet cidr %(subnet_cidr)s.',
);
export const InvalidSharedSetting = defineNeutronException<{ network: unknown }>(
  Conflict,
  'InvalidSharedSetting',
  'Unable to reconfigure sharing settings for network %(network)s. Multiple tenants are using it.',
);
export const ExtensionsNotFound = defineNeutronException<{ extensions: unknown }>(NotFound, 'ExtensionsNotFound', 'Extensions not found: %(extensions)s.');
export const GatewayConflictWithAllocationPools = defineNeutronException<{ ip_address: unknown; pool: unknown }>(
  InUse,
  'GatewayConflictWithAllocationPools',
  'Gateway ip %(ip_address)s conflicts with allocation pool %(pool)s.',
);
export const GatewayIpInUse = defineNeutronException<{ ip_address: unknown; port_id: unknown }>(
  InUse,
  'GatewayIpInUse',
  'Current gateway ip %(ip_address)s already in use by port %(port_id)s. Unable to update.',
);
export const DuplicatedExtension = defineNeutronException<{ alias: unknown }>(NeutronException, 'DuplicatedExtension', 'Found duplicate extension: %(alias)s.');
export const DeviceIDNotOwnedByTenant = defineNeutronException<{ device_id: unknown }>(
  Conflict,
  'DeviceIDNotOwnedByTenant',
  'The following device_id %(device_id)s is not owned by your tenant or matches another tenants router.',
);
export const InvalidCIDR = defineNeutronException<{ input: unknown }>(BadRequest, 'InvalidCIDR', 'Invalid CIDR %(input)s given as IP prefix.');
export const EmptySubnetPoolPrefixList = defineNeutronException<ErrorFields>(BadRequest, 'EmptySubnetPoolPrefixList', 'Empty subnet pool prefix list.');
export const PrefixVersionMismatch = defineNeutronException<ErrorFields>(
  BadRequest,
  'PrefixVersionMismatch',
  'Cannot mix IPv4 and IPv6 prefixes in a subnet pool.',
);
export const UnsupportedMinSubnetPoolPrefix = defineNeutronException<{ prefix: unknown; version: unknown }>(
  BadRequest,
  'UnsupportedMinSubnetPoolPrefix',
  "Prefix '%(prefix)s' not supported in IPv%(version)s pool.",
);
export const IllegalSubnetPoolPrefixBounds = defineNeutronException<{
  base_prefix_type: unknown;
  base_prefixlen: unknown;
  prefix_type: unknown;
  prefixlen: unknown;
}>(BadRequest, 'IllegalSubnetPoolPrefixBounds', 'Illegal prefix bounds: %(prefix_type)s=%(prefixlen)s, %(base_prefix_type)s=%(base_prefixlen)s.');
export const IllegalSubnetPoolPrefixUpdate = defineNeutronException<{ msg: unknown }>(
  BadRequest,
  'IllegalSubnetPoolPrefixUpdate',
  'Illegal update to prefixes: %(msg)s.',
);
export const SubnetAllocationError = defineNeutronException<{ reason: unknown }>(
  NeutronException,
  'SubnetAllocationError',
  'Failed to allocate subnet: %(reason)s.',
);
export const IllegalSubnetPoolUpdate = defineNeutronException<{ reason: unknown }>(
  BadRequest,
  'IllegalSubnetPoolUpdate',
  'Illegal subnetpool update : %(reason)s.',
);
export const MinPrefixSubnetAllocationError = defineNeutronException<{ min_prefixlen: unknown; prefixlen: unknown }>(
  BadRequest,
  'MinPrefixSubnetAllocationError',
  'Unable to allocate subnet with prefix length %(prefixlen)s, minimum allowed prefix is %(min_prefixlen)s.',
);
export const MaxPrefixSubnetAllocationError = defineNeutronException<{ max_prefixlen: unknown; prefixlen: unknown }>(
  BadRequest,
  'MaxPrefixSubnetAllocationError',
  'Unable to allocate subnet with prefix length %(prefixlen)s, maximum allowed prefix is %(max_prefixlen)s.',
);
export const SubnetPoolDeleteError = defineNeutronException<{ reason: unknown }>(
  BadRequest,
  'SubnetPoolDeleteError',
  'Unable to delete subnet pool: %(reason)s.',
);
export const SubnetPoolQuotaExceeded = defineNeutronException<ErrorFields>(
  OverQuota,
  'SubnetPoolQuotaExceeded',
  'Per-tenant subnet pool prefix quota exceeded.',
);
export const NetworkSubnetPoolAffinityError = defineNeutronException<ErrorFields>(
  BadRequest,
  'NetworkSubnetPoolAffinityError',
  'Subnets hosted on the same network must be allocated from the same subnet pool.',
);
/** neutron_lib.exceptions.address_scope's: the core checks it, as the scope of a network's subnets lives in the core's subnet pools. */
export const NetworkAddressScopeAffinityError = defineNeutronException<ErrorFields>(
  BadRequest,
  'NetworkAddressScopeAffinityError',
  'Subnets of the same address family hosted on the same network must all participate in the same address scope.',
);
export const PortBindingNotFound = defineNeutronException<{ host: unknown; port_id: unknown }>(
  NotFound,
  'PortBindingNotFound',
  'Binding for port %(port_id)s for host %(host)s could not be found.',
);
export const PortBindingAlreadyActive = defineNeutronException<{ host: unknown; port_id: unknown }>(
  Conflict,
  'PortBindingAlreadyActive',
  'Binding for port %(port_id)s on host %(host)s is already active.',
);
export const PortBindingAlreadyExists = defineNeutronException<{ host: unknown; port_id: unknown }>(
  Conflict,
  'PortBindingAlreadyExists',
  'Binding for port %(port_id)s on host %(host)s already exists.',
);
export const PortBindingError = defineNeutronException<{ host: unknown; port_id: unknown }>(
  NeutronException,
  'PortBindingError',
  'Binding for port %(port_id)s on host %(host)s could not be created or updated.',
);
export const InvalidSubnetServiceType = defineNeutronException<{ service_type: unknown }>(
  InvalidInput,
  'InvalidSubnetServiceType',
  'Subnet service type %(service_type)s does not correspond to a valid device owner.',
);
export const InvalidInputSubnetServiceType = defineNeutronException<{ service_type: unknown }>(
  InvalidInput,
  'InvalidInputSubnetServiceType',
  'Subnet service type %(service_type)s is not a string.',
);
export const InvalidConfigurationOption = defineNeutronException<{ opt_name: unknown; opt_value: unknown }>(
  NeutronException,
  'InvalidConfigurationOption',
  'An invalid value was provided for %(opt_name)s: %(opt_value)s.',
);
export const PolicyCheckError = defineNeutronException<{ policy: unknown; reason: unknown }>(
  NeutronException,
  'PolicyCheckError',
  'Failed to check policy %(policy)s because %(reason)s.',
);
export const PolicyInitError = defineNeutronException<{ policy: unknown; reason: unknown }>(
  NeutronException,
  'PolicyInitError',
  'Failed to initialize policy %(policy)s because %(reason)s.',
);
export const InvalidContentType = defineNeutronException<{ content_type: unknown }>(
  NeutronException,
  'InvalidContentType',
  'Invalid content type %(content_type)s.',
);

// neutron.ipam.exceptions: raised by IPAM drivers.
export const IpAddressAlreadyAllocated = defineNeutronException<{ ip: unknown; subnet_id: unknown }>(
  Conflict,
  'IpAddressAlreadyAllocated',
  'IP address %(ip)s already allocated in subnet %(subnet_id)s',
);
/** neutron.ipam's: no subnet of the network takes ports of this device owner (subnet service types). */
export const IpAddressGenerationFailureNoMatchingSubnet = defineNeutronException<{ network_id: unknown; service_type: unknown }>(
  IpAddressGenerationFailure,
  'IpAddressGenerationFailureNoMatchingSubnet',
  'No valid service subnet for the given device owner, network %(network_id)s, service type %(service_type)s.',
);
/** neutron.ipam's IpAddressGenerationFailure: the same type name as the network-level one, for one subnet. */
export const SubnetIpAddressGenerationFailure = defineNeutronException<{ subnet_id: unknown }>(
  Conflict,
  'IpAddressGenerationFailure',
  'No more IP addresses available for subnet %(subnet_id)s.',
  { register: false },
);
export const IpAddressGenerationFailureAllSubnets = defineNeutronException<ErrorFields>(
  SubnetIpAddressGenerationFailure,
  'IpAddressGenerationFailureAllSubnets',
  'No more IP addresses available.',
);
/** neutron.ipam's InvalidIpForSubnet: the same type name as the API-level one, naming the subnet. */
export const IpNotInSubnet = defineNeutronException<{ ip: unknown; subnet_id: unknown }>(
  BadRequest,
  'InvalidIpForSubnet',
  'IP address %(ip)s does not belong to subnet %(subnet_id)s',
  { register: false },
);
export const InvalidSubnetRequest = defineNeutronException<{ reason: unknown }>(
  BadRequest,
  'InvalidSubnetRequest',
  'The subnet request could not be satisfied because: %(reason)s',
);
export const InvalidAddressRequest = defineNeutronException<{ reason: unknown }>(
  BadRequest,
  'InvalidAddressRequest',
  'The address allocation request could not be satisfied because: %(reason)s',
);
export const IPAddressChangeNotAllowed = defineNeutronException<{ port_id: unknown }>(
  BadRequest,
  'IPAddressChangeNotAllowed',
  'IP updates for port %(port_id)s are not allowed',
);
export const AllocationOnAutoAddressSubnet = defineNeutronException<{ ip: unknown; subnet_id: unknown }>(
  InvalidInput,
  'AllocationOnAutoAddressSubnet',
  'IPv6 address %(ip)s cannot be directly assigned to a port on subnet %(subnet_id)s as the subnet is configured for automatic addresses',
);
export const IPAllocationFailed = defineNeutronException<ErrorFields>(NeutronException, 'IPAllocationFailed', 'IP allocation failed. Try again later.');

/**
 * webob's HTTPBadRequest as neutron's API reports it (type "HTTPBadRequest"):
 * raised where neutron raises webob.exc.HTTPBadRequest(msg) directly.
 */
export const HTTPBadRequest = defineNeutronException<{ msg: unknown }>(BadRequest, 'HTTPBadRequest', '%(msg)s');

// Extension exceptions (neutron_lib.exceptions.<extension>).
export const AllowedAddressPairsMissingIP = defineNeutronException<ErrorFields>(
  InvalidInput,
  'AllowedAddressPairsMissingIP',
  'AllowedAddressPair must contain ip_address',
);
export const AddressPairAndPortSecurityRequired = defineNeutronException<ErrorFields>(
  Conflict,
  'AddressPairAndPortSecurityRequired',
  'Port Security must be enabled in order to have allowed address pairs on a port.',
);
export const DuplicateAddressPairInRequest = defineNeutronException<{ mac_address: unknown; ip_address: unknown }>(
  InvalidInput,
  'DuplicateAddressPairInRequest',
  'Request contains duplicate address pair: mac_address %(mac_address)s ip_address %(ip_address)s.',
);
export const AllowedAddressPairExhausted = defineNeutronException<{ quota: unknown }>(
  BadRequest,
  'AllowedAddressPairExhausted',
  'The number of allowed address pair exceeds the maximum %(quota)s.',
);
export const SegmentsSetInConjunctionWithProviders = defineNeutronException<ErrorFields>(
  InvalidInput,
  'SegmentsSetInConjunctionWithProviders',
  'Segments and provider values cannot both be set.',
);
export const SegmentsContainDuplicateEntry = defineNeutronException<ErrorFields>(
  InvalidInput,
  'SegmentsContainDuplicateEntry',
  'Duplicate segment entry in request.',
);
export const AvailabilityZoneNotFound = defineNeutronException<{ availability_zone: unknown }>(
  NotFound,
  'AvailabilityZoneNotFound',
  'AvailabilityZone %(availability_zone)s could not be found.',
);
