import { resourceProducersOf, type CorePlugin, type ResourceProducerRegistry } from '@net-server/lib';
import type { Transport } from '@net-server/rpc';
import type { HookRegistry, TransactionRunner } from 'net-server';
import { QosExtensionDriverMissingError } from '../errors.js';
import { findQosExtensionDriver, type QosExtensionDriver } from '../ml2/qos-extension-driver.js';

/**
 * The core plugin as the QoS plugin uses it: ML2 with the `qos` extension
 * driver (which stores qos_policy_id), net-server's hooks and transactions,
 * the resources pull API agents pull policies from, and its RPC transport
 * for pushing them.
 */
export interface QosCorePlugin extends CorePlugin {
  readonly hooks: HookRegistry;
  readonly transactions: TransactionRunner;
  readonly resourceProducers: ResourceProducerRegistry;
  transport(): Promise<Transport>;
}

/** Checks by shape rather than class: the core plugin may come from another copy of net-server or ML2. */
export function asQosCorePlugin(plugin: CorePlugin): { core: QosCorePlugin; driver: Pick<QosExtensionDriver, 'attachQosPlugin'> } {
  const candidate = plugin as Partial<QosCorePlugin>;
  const driver = findQosExtensionDriver(plugin);
  if (!driver || typeof candidate.hooks?.add !== 'function' || typeof candidate.transactions?.write !== 'function' || !resourceProducersOf(plugin) || typeof candidate.transport !== 'function') {
    throw new QosExtensionDriverMissingError();
  }
  return { core: plugin as QosCorePlugin, driver };
}
