import type { Context, Logger, VersionedObjectPrimitive } from '@net-server/lib';
import { ResourcesPushRpcApi, type Transport } from '@net-server/rpc';
import { SUBPORT_RESOURCE, SUBPORT_VERSION, TRUNK_RESOURCE, TRUNK_VERSION } from '../constants.js';

/** neutron.api.rpc.callbacks.events of the trunk pushes. */
export type TrunkPushEvent = 'created' | 'deleted';

/**
 * neutron's TrunkStub (server to agents) over ResourcesPushRpcApi: a push
 * on `neutron-vo-Trunk-1.1` when a trunk is created or deleted, and on
 * `neutron-vo-SubPort-1.0` when subports are added or removed, which the
 * agents' trunk skeletons consume. Only these versions are built (Zed's,
 * which every Zed agent reads).
 */
export class TrunkPush {
  readonly #trunks: ResourcesPushRpcApi;
  readonly #subports: ResourcesPushRpcApi;

  constructor(transport: () => Promise<Transport>, logger: Logger) {
    this.#trunks = new ResourcesPushRpcApi(transport, logger, { resource: TRUNK_RESOURCE, version: TRUNK_VERSION, description: 'trunk changes to agents' });
    this.#subports = new ResourcesPushRpcApi(transport, logger, {
      resource: SUBPORT_RESOURCE,
      version: SUBPORT_VERSION,
      description: 'subport changes to agents',
    });
  }

  trunk(context: Context, trunk: VersionedObjectPrimitive, event: TrunkPushEvent): Promise<void> {
    return this.#trunks.push(context, [trunk], event);
  }

  subports(context: Context, subports: readonly VersionedObjectPrimitive[], event: TrunkPushEvent): Promise<void> {
    return this.#subports.push(context, subports, event);
  }
}
