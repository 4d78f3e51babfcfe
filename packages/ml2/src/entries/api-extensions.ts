// The net_server.api.extensions entry point: API extensions ML2 serves that @net-server/lib does not define.
import { DNS_INTEGRATION } from '../api/dns-integration-extension.js';
import { SECURITY_GROUP } from '../api/security-group-extension.js';

export const extensions = [SECURITY_GROUP, DNS_INTEGRATION];
