// The net_server.config.opts entry point of the net-server package itself.
import type { OptionGroupDeclaration } from '@net-server/lib';
import { apiOptionGroups } from '../api/api-options.js';
import { serviceProviderOptionGroups } from '../api/service-providers.js';
import { serverOptionGroups } from '../config/server-options.js';
import { novaOptionGroups } from '../notifiers/nova-options.js';
import { quotaOptionGroups } from '../quota/quota-options.js';

export const opts: OptionGroupDeclaration[] = [
  ...serverOptionGroups,
  ...apiOptionGroups,
  ...quotaOptionGroups,
  ...serviceProviderOptionGroups,
  ...novaOptionGroups,
];
