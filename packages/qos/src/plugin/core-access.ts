import type { CorePlugin } from '@net-server/lib';
import { requireCoreCapabilities, type CoreCapabilities } from 'net-server';
import { QosExtensionDriverMissingError } from '../errors.js';
import { findQosExtensionDriver, type QosExtensionDriver } from '../ml2/qos-extension-driver.js';

/**
 * The core plugin as the QoS plugin uses it: ML2 with the `qos` extension
 * driver (which stores qos_policy_id), net-server's hooks, transactions and
 * RBAC entries (the `qos_policy` object type), the resources pull API
 * agents pull policies from, and its RPC transport for pushing them.
 */
export type QosCorePlugin = CorePlugin & Pick<CoreCapabilities, 'hooks' | 'transactions' | 'networkRbac' | 'resourceProducers' | 'transport'>;

export function asQosCorePlugin(plugin: CorePlugin): { core: QosCorePlugin; driver: Pick<QosExtensionDriver, 'attachQosPlugin'> } {
  const core = requireCoreCapabilities(plugin, 'qos', ['hooks', 'transactions', 'networkRbac', 'resourceProducers', 'transport']);
  const driver = findQosExtensionDriver(plugin);
  if (!driver) throw new QosExtensionDriverMissingError();
  return { core, driver };
}
