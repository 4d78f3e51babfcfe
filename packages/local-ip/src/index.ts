export { LocalIpPlugin } from './plugin/local-ip-plugin.js';
export { IP_MODE_PASSTHROUGH, IP_MODE_TRANSLATE, LOCAL_IP, LOCAL_IP_SERVICE_TYPE, localIpExtensions } from './api/definitions.js';
export { localIpPolicies } from './api/policies.js';
export { migrations } from './db/migrations.js';
export type { LocalIpAssociationRow, LocalIpRow, LocalIpTables } from './db/schema.js';
export { LOCAL_IP_ASSOCIATION_RESOURCE, LOCAL_IP_ASSOCIATION_VERSION } from './rpc/versioned-local-ip.js';
export {
  LocalIPAssociationNotFound,
  LocalIPInUse,
  LocalIPNoIP,
  LocalIPNoRequestedIP,
  LocalIPNotFound,
  LocalIPPortOrNetworkRequired,
  LocalIPRequestedIPNotFound,
} from './errors.js';
