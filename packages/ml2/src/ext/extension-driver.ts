import type { ConfigReader, Context, Logger, ResourceDict, ResourceRequest } from '@net-server/lib';
import type { Ml2Db } from '../db/schema.js';

/** What an extension driver's constructor receives. */
export interface ExtensionDriverInit {
  config: ConfigReader;
  logger: Logger;
}

type Awaitable = Promise<void> | void;

/**
 * Adds attributes to networks, subnets and ports (neutron's ML2
 * ExtensionDriver). `process*` run inside the resource's transaction with the
 * request body and the resource dict being returned: store the attribute in
 * your own table through `db` and set it on `result`; throwing rolls the
 * change back. `extend*Dicts` add the attribute to dicts the plugin returns,
 * a batch at a time; `processDelete*` remove the stored attribute (ML2's
 * tables have no foreign keys into the core tables, whose migrations belong
 * to another package). Registered in `net_server.ml2.extension_drivers` as a
 * class constructed with an {@link ExtensionDriverInit}.
 */
export interface ExtensionDriver {
  /**
   * The API extension this driver implements, e.g. "port-security"; none
   * when a service plugin announces the extension and the driver only
   * stores its attributes (neutron's qos driver).
   */
  readonly extensionAlias?: string;
  initialize?(): Awaitable;
  processCreateNetwork?(db: Ml2Db, context: Context, data: ResourceRequest, result: ResourceDict): Awaitable;
  processUpdateNetwork?(db: Ml2Db, context: Context, data: ResourceRequest, result: ResourceDict): Awaitable;
  processCreateSubnet?(db: Ml2Db, context: Context, data: ResourceRequest, result: ResourceDict): Awaitable;
  processUpdateSubnet?(db: Ml2Db, context: Context, data: ResourceRequest, result: ResourceDict): Awaitable;
  processCreatePort?(db: Ml2Db, context: Context, data: ResourceRequest, result: ResourceDict): Awaitable;
  processUpdatePort?(db: Ml2Db, context: Context, data: ResourceRequest, result: ResourceDict): Awaitable;
  /** Forgets what the driver stored for a resource being deleted, inside the delete's transaction. */
  processDeleteNetwork?(db: Ml2Db, context: Context, resource: ResourceDict): Awaitable;
  processDeletePort?(db: Ml2Db, context: Context, resource: ResourceDict): Awaitable;
  extendNetworkDicts?(db: Ml2Db, results: ResourceDict[]): Awaitable;
  extendSubnetDicts?(db: Ml2Db, results: ResourceDict[]): Awaitable;
  extendPortDicts?(db: Ml2Db, results: ResourceDict[]): Awaitable;
}

export type ProcessHook =
  | 'processCreateNetwork'
  | 'processUpdateNetwork'
  | 'processCreateSubnet'
  | 'processUpdateSubnet'
  | 'processCreatePort'
  | 'processUpdatePort';
export type ExtendHook = 'extendNetworkDicts' | 'extendSubnetDicts' | 'extendPortDicts';
export type DeleteHook = 'processDeleteNetwork' | 'processDeletePort';
