import type { ConfigReader } from '@net-server/lib';
import type { CoreCapabilities } from '../db-base-plugin/core-capabilities.js';
import type { NeutronManager } from '../manager/neutron-manager.js';
import { QuotaEngine } from '../quota/quota-engine.js';
import { NULL_QUOTA_DRIVER, quotaOptions } from '../quota/quota-options.js';
import { servedQuotaResources } from '../quota/quota-resources.js';
import { QuotaStore } from '../quota/quota-store.js';
import type { ApiModel } from './api-model.js';

type QuotaTransactions = CoreCapabilities['transactions'];

/**
 * The core plugin's transactions when quotas are on: neutron's database
 * quota drivers keep limits beside the resources, so a core plugin without
 * net-server's database has no quotas; so has the null driver.
 */
export function quotaTransactions(config: ConfigReader, manager: Pick<NeutronManager, 'corePlugin'>): QuotaTransactions | undefined {
  if (!config.has('QUOTAS', quotaOptions.quotaDriver.name) || config.get('QUOTAS', quotaOptions.quotaDriver) === NULL_QUOTA_DRIVER) return undefined;
  const { transactions } = manager.corePlugin as Partial<CoreCapabilities>;
  return typeof transactions?.read === 'function' && typeof transactions.write === 'function' ? transactions : undefined;
}

/** The quota engine over the resources the API serves, with limits stored through `transactions`. */
export function apiQuotaEngine(transactions: QuotaTransactions, config: ConfigReader, model: ApiModel): QuotaEngine {
  return new QuotaEngine(
    servedQuotaResources((collection) => model.resources.has(collection)),
    config,
    new QuotaStore(transactions),
    (collection) => model.resources.get(collection),
  );
}
