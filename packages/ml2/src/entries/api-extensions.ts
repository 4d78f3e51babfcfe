// The net_server.api.extensions entry point: API extensions ML2 serves that @net-server/lib does not define.
import { AGENT_RESOURCES_SYNCED } from '../api/agent-resources-synced-extension.js';
import { AVAILABILITY_ZONE_FILTER } from '../api/availability-zone-filter-extension.js';
import { DHCP_AGENT_SCHEDULER } from '../api/dhcp-agent-scheduler-extension.js';
import { BINDING_EXTENDED } from '../api/port-bindings-extension.js';
import { DNS_INTEGRATION } from '../api/dns-integration-extension.js';
import { EMPTY_STRING_FILTERING } from '../api/empty-string-filtering-extension.js';
import { PORT_MAC_ADDRESS_REGENERATE } from '../api/port-mac-address-regenerate-extension.js';
import { PORT_MAC_OVERRIDE } from '../api/port-mac-override-extension.js';
import { PORT_SECURITY_GROUPS_FILTERING } from '../api/port-security-groups-filtering-extension.js';
import { SECURITY_GROUPS_NORMALIZED_CIDR } from '../api/security-groups-normalized-cidr-extension.js';
import { SECURITY_GROUP } from '../api/security-group-extension.js';
import { STATEFUL_SECURITY_GROUP } from '../api/stateful-security-group-extension.js';
import { PORT_NUMA_AFFINITY_POLICY } from '../api/port-numa-affinity-policy-extension.js';
import { PORT_DEVICE_PROFILE } from '../api/port-device-profile-extension.js';
import { RBAC_SECURITY_GROUPS } from '../api/rbac-security-groups-extension.js';
import { SECURITY_GROUPS_SHARED_FILTERING } from '../api/security-groups-shared-filtering-extension.js';
import { ADDRESS_GROUP, RBAC_ADDRESS_GROUP, SECURITY_GROUPS_REMOTE_ADDRESS_GROUP } from '../address-group/address-group-extensions.js';

export const extensions = [
  SECURITY_GROUP,
  DNS_INTEGRATION,
  DHCP_AGENT_SCHEDULER,
  BINDING_EXTENDED,
  PORT_MAC_ADDRESS_REGENERATE,
  PORT_MAC_OVERRIDE,
  SECURITY_GROUPS_NORMALIZED_CIDR,
  PORT_SECURITY_GROUPS_FILTERING,
  EMPTY_STRING_FILTERING,
  RBAC_SECURITY_GROUPS,
  SECURITY_GROUPS_SHARED_FILTERING,
  AVAILABILITY_ZONE_FILTER,
  STATEFUL_SECURITY_GROUP,
  PORT_NUMA_AFFINITY_POLICY,
  PORT_DEVICE_PROFILE,
  AGENT_RESOURCES_SYNCED,
  ADDRESS_GROUP,
  RBAC_ADDRESS_GROUP,
  SECURITY_GROUPS_REMOTE_ADDRESS_GROUP,
];
