export { PortForwardingPlugin } from './plugin/port-forwarding-plugin.js';
export {
  EXPOSE_PORT_FORWARDING_IN_FIP,
  FIP_PF_DESCRIPTION,
  FIP_PF_DETAIL,
  FIP_PF_PORT_RANGE,
  FLOATING_IP_PORT_FORWARDING,
  PORT_FORWARDING_SERVICE_TYPE,
  portForwardingExtensions,
} from './api/definitions.js';
export { portForwardingPolicies } from './api/policies.js';
export { migrations } from './db/migrations.js';
export type { PortForwardingRow, PortForwardingTables } from './db/schema.js';
export { PORT_FORWARDING_RESOURCE, PORT_FORWARDING_VERSION } from './rpc/versioned-port-forwarding.js';
export { FipInUseByPortForwarding, PortForwardingNotFound, PortForwardingNotSupportFilterField, PortHasBindingFloatingIP } from './errors.js';
