import type { ResourceAttributeMap } from '../attribute.js';
import type { ExtensionDescriptor } from '../extension-descriptor.js';
import { NETWORK } from './network.js';
import { PORT } from './port.js';
import { SUBNET } from './subnet.js';
import { SUBNETPOOL } from './subnetpool.js';

/*
 * neutron_lib.api.definitions: the core resources and the extensions an ML2
 * server advertises, as data. NETWORK, SUBNET, SUBNETPOOL and PORT describe
 * the core resources: they are not listed under /v2.0/extensions.
 */
export { AGENT } from './agent.js';
export { ALLOWEDADDRESSPAIRS } from './allowedaddresspairs.js';
export { AVAILABILITY_ZONE } from './availability-zone.js';
export { DEFAULT_SUBNETPOOLS } from './default-subnetpools.js';
export { SUBNET_SERVICE_TYPES } from './subnet-service-types.js';
export { SUBNETPOOL_PREFIX_OPS } from './subnetpool-prefix-ops.js';
export { SUBNET_ONBOARD } from './subnet-onboard.js';
export { EXTERNAL_NET } from './external-net.js';
export { EXTRA_DHCP_OPT } from './extra-dhcp-opt.js';
export { IP_SUBSTRING_FILTERING } from './ip-substring-filtering.js';
export { MULTIPROVIDERNET } from './multiprovidernet.js';
export { NETWORK_AVAILABILITY_ZONE } from './network-availability-zone.js';
export { NETWORK_MTU } from './network-mtu.js';
export { NETWORK_MTU_WRITABLE } from './network-mtu-writable.js';
export { PORT_SECURITY } from './port-security.js';
export { PORTBINDINGS } from './portbindings.js';
export { PROJECT_ID } from './project-id.js';
export { PROVIDER_NET } from './provider-net.js';
export { RBAC_POLICIES } from './rbac-policies.js';
export { RBAC_SUBNETPOOL } from './rbac-subnetpool.js';
export { SUBNET_ALLOCATION } from './subnet-allocation.js';
export {
  CORE_STANDARD_ATTR_COLLECTIONS,
  DESCRIPTION_BODY,
  MAX_TAG_LEN,
  REVISION_BODY,
  TAG_BODY,
  TAG_BODY_PORTS,
  TIMESTAMP_BODY,
  standardAttributeExtensions,
} from './standard-attributes.js';
export { NETWORK, PORT, SUBNET, SUBNETPOOL };

export const CORE_RESOURCES: readonly ExtensionDescriptor[] = [NETWORK, SUBNET, SUBNETPOOL, PORT];

/** The core resources' attributes by collection, as neutron_lib.api.attributes.RESOURCES. */
export const CORE_RESOURCE_ATTRIBUTE_MAP: ResourceAttributeMap = Object.assign(
  {},
  ...CORE_RESOURCES.map((definition) => definition.resourceAttributeMap),
) as ResourceAttributeMap;
