import type { Context, ResourceDict, ResourceRequest } from '@net-server/lib';
import type { Kysely } from 'kysely';
import type { MigrationSchema } from 'net-server';
import { qosView } from '../db/schema.js';
import type { QosCoreResourceExtension } from '../plugin/core-resource-extension.js';

type Db = Kysely<MigrationSchema>;

/**
 * ML2's `qos` extension driver (neutron's QosExtensionDriver), named in
 * `[ml2] extension_drivers`: it stores `qos_policy_id` of networks and ports
 * inside ML2's transactions. As in neutron it announces no API extension
 * (the QoS service plugin does) and does nothing until the QoS plugin is
 * loaded and attaches itself; the bindings go with their network or port
 * through the tables' foreign keys.
 */
export class QosExtensionDriver {
  #extension: QosCoreResourceExtension | undefined;

  /** Called by the QoS plugin of the same server once it is loaded. */
  attachQosPlugin(extension: QosCoreResourceExtension): void {
    this.#extension = extension;
  }

  async processCreateNetwork(db: Db, context: Context, data: ResourceRequest, result: ResourceDict): Promise<void> {
    await this.#extension?.createNetwork(qosView(db), context, data, result);
  }

  async processUpdateNetwork(db: Db, context: Context, data: ResourceRequest, result: ResourceDict): Promise<void> {
    await this.#extension?.updateNetwork(qosView(db), context, data, result);
  }

  async processCreatePort(db: Db, context: Context, data: ResourceRequest, result: ResourceDict): Promise<void> {
    await this.#extension?.updatePort(qosView(db), context, data, result);
  }

  async processUpdatePort(db: Db, context: Context, data: ResourceRequest, result: ResourceDict): Promise<void> {
    await this.#extension?.updatePort(qosView(db), context, data, result);
  }

  async extendNetworkDicts(db: Db, results: ResourceDict[]): Promise<void> {
    await this.#extension?.extendNetworks(qosView(db), results);
  }

  async extendPortDicts(db: Db, results: ResourceDict[]): Promise<void> {
    await this.#extension?.extendPorts(qosView(db), results);
  }
}

/** The driver among ML2's loaded extension drivers, found by shape: the core plugin may come from another copy of this package. */
export function findQosExtensionDriver(core: object): Pick<QosExtensionDriver, 'attachQosPlugin'> | undefined {
  const drivers = (core as { extensionManager?: { drivers?: readonly { obj: unknown }[] } }).extensionManager?.drivers ?? [];
  for (const { obj } of drivers) {
    if (typeof (obj as Partial<QosExtensionDriver>).attachQosPlugin === 'function') return obj as QosExtensionDriver;
  }
  return undefined;
}
