import { type Context, type Filters, type ListOptions, type ResourceDict, type ResourceRequest, type ServicePlugin, type TagsCapable } from '@net-server/lib';
import { createConnection, type RpcServer } from '@net-server/rpc';
import { ResourceStore, unwrapBody, type PluginInit, type Session } from 'net-server';
import { hostname } from 'node:os';
import { TRUNK, TRUNK_DETAILS } from '../api/definitions.js';
import { TRUNK_DOWN_STATUS, TRUNK_ERROR_STATUS, TRUNK_RESOURCE, TRUNK_SERVICE_TYPE } from '../constants.js';
import { trunkView, type TrunkRow } from '../db/schema.js';
import { SubPortNotFound, TrunkDisabled, TrunkInErrorState, TrunkInUse } from '../errors.js';
import { subportPrimitive, trunkPrimitive } from '../rpc/trunk-objects.js';
import { trunkProducer } from '../rpc/trunk-producer.js';
import { TrunkPush } from '../rpc/trunk-push.js';
import { TRUNK_TOPIC, TrunkRpcCallbacks } from '../rpc/trunk-rpc-callbacks.js';
import { asTrunkCorePlugin, type TrunkCorePlugin } from './core-access.js';
import { portTrunkHooks } from './port-trunk-hooks.js';
import { subportDict, subports } from './subports.js';
import { SubPortsValidator } from './subports-validator.js';
import { loadTrunkDrivers } from './trunk-drivers.js';
import { TrunkPortValidator } from './trunk-port-validator.js';
import { trunks } from './trunks.js';

/**
 * The `trunk` service plugin (neutron's TrunkPlugin): trunks of subports
 * on a parent port, kept with the resource kit in the core plugin's
 * transactions; parent ports show `trunk_details` and are not deleted from
 * under a trunk; agents get trunks pushed (`neutron-vo-Trunk-1.1`,
 * `neutron-vo-SubPort-1.0`), pull them through the core's resources pull
 * API, and call back on the `trunk` topic to bind subports and report a
 * trunk's status. Needs ML2 with the openvswitch or linuxbridge mechanism
 * driver (neutron's in-tree trunk drivers).
 */
export class TrunkPlugin implements ServicePlugin, TagsCapable {
  readonly pluginType = TRUNK_SERVICE_TYPE;
  readonly pluginDescription = 'Trunk port service plugin';
  readonly supportedExtensionAliases = [TRUNK.alias, TRUNK_DETAILS.alias];
  readonly resources = ['trunks'];
  readonly taggableCollections = ['trunks'];
  // The kit filters, sorts and pages the lists itself.
  readonly nativePaginationSupport = true;
  readonly nativeSortingSupport = true;
  readonly trunks: ResourceStore<TrunkRow>;
  readonly #init: PluginInit;
  readonly #core: TrunkCorePlugin;
  readonly #ports: TrunkPortValidator;
  readonly #subports: SubPortsValidator;
  readonly #push: TrunkPush;
  readonly #detach: (() => void)[];

  constructor(init: PluginInit) {
    this.#init = init;
    this.#core = asTrunkCorePlugin(init.directory.corePlugin);
    const drivers = loadTrunkDrivers(init.config);
    this.trunks = new ResourceStore(this.#core.transactions, trunks);
    this.trunks.hooks.add({
      extendDicts: async (session, dicts) => {
        const byTrunk = await subports.ofTrunks(
          trunkView(session.db),
          dicts.map((trunk) => String(trunk['id'])),
        );
        for (const trunk of dicts) trunk['sub_ports'] = (byTrunk.get(String(trunk['id'])) ?? []).map(subportDict);
      },
    });
    this.#ports = new TrunkPortValidator(this.#core, drivers.registered);
    this.#subports = new SubPortsValidator(this.#core, drivers.segmentationTypes, this.#ports);
    this.#push = new TrunkPush(() => this.#core.transport(), init.logger);
    this.#detach = [
      this.#core.hooks.add(
        'port',
        portTrunkHooks((context, id) => this.#setStatus(context, id, TRUNK_DOWN_STATUS)),
      ),
      this.#core.resourceProducers.provide(
        TRUNK_RESOURCE,
        trunkProducer((context, filters) => this.trunks.list(context, { filters })),
      ),
    ];
  }

  /** neutron's create_trunk: the parent and subports validated, the trunk DOWN with its subports, in one transaction; agents told. */
  async createTrunk(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, trunks.member);
    const trunk = await this.#core.transactions.write(context, async (session) => {
      const db = trunkView(session.db);
      const portId = await this.#ports.validate(db, context, String(request['port_id']), true);
      const added = await this.#subports.validate(db, context, (request['sub_ports'] ?? []) as Record<string, unknown>[], portId);
      const { id } = await this.trunks.createIn(session, request);
      await subports.add(db, String(id), added);
      return this.#reload(session, String(id));
    });
    await this.#push.trunk(context, trunkPrimitive(trunk), 'created');
    return trunk;
  }

  updateTrunk(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.trunks.update(context, id, body);
  }

  /** neutron's delete_trunk: not while disabled, nor while its driver cannot unwire it from a bound parent (TrunkInUse). */
  async deleteTrunk(context: Context, id: string): Promise<void> {
    const trunk = await this.#core.transactions.write(context, async (session) => {
      const { dict } = await this.trunks.find(session, id);
      this.#manageable(dict);
      if (!(await this.#ports.canBeTrunkedOrUntrunked(context, String(dict['port_id'])))) throw new TrunkInUse({ trunk_id: id });
      await this.trunks.deleteIn(session, id);
      return dict;
    });
    await this.#push.trunk(context, trunkPrimitive(trunk), 'deleted');
  }

  getTrunk(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.trunks.get(context, id, fields);
  }

  getTrunks(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.trunks.list(context, options);
  }

  getTrunksCount(context: Context, filters?: Filters): Promise<number> {
    return this.trunks.count(context, filters);
  }

  /**
   * PUT /trunks/{id}/add_subports (neutron's add_subports): the subports
   * checked as on create, on a trunk that is enabled and not in ERROR; the
   * trunk goes DOWN until an agent wires them. Answers the trunk.
   */
  async addSubports(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const { trunk, added } = await this.#core.transactions.write(context, async (session) => {
      const db = trunkView(session.db);
      const { dict } = await this.trunks.find(session, id);
      const requested = this.#subports.basic(body['sub_ports']);
      const valid = await this.#subports.validate(db, context, requested, String(dict['port_id']));
      this.#manageable(dict);
      if (dict['status'] === TRUNK_ERROR_STATUS) throw new TrunkInErrorState({ trunk_id: id });
      await this.trunks.updateIn(session, id, { status: TRUNK_DOWN_STATUS });
      const rows = await subports.add(db, id, valid);
      return { trunk: await this.#reload(session, id), added: rows.map(subportDict) };
    });
    await this.#push.subports(
      context,
      added.map((subport) => subportPrimitive(id, subport)),
      'created',
    );
    return trunk;
  }

  /** PUT /trunks/{id}/remove_subports (neutron's remove_subports): each must be the trunk's (SubPortNotFound); the trunk goes DOWN. */
  async removeSubports(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const { trunk, removed } = await this.#core.transactions.write(context, async (session) => {
      const db = trunkView(session.db);
      const { dict } = await this.trunks.find(session, id);
      this.#manageable(dict);
      const requested = this.#subports.basic(body['sub_ports']);
      const current = new Map(((dict['sub_ports'] ?? []) as ResourceDict[]).map((subport) => [subport['port_id'], subport]));
      const gone = requested.map((subport) => {
        const found = current.get(subport['port_id']);
        if (found === undefined) throw new SubPortNotFound({ trunk_id: id, port_id: subport['port_id'] });
        current.delete(subport['port_id']);
        return found;
      });
      await subports.remove(
        db,
        gone.map((subport) => String(subport['port_id'])),
      );
      await this.trunks.updateIn(session, id, { status: TRUNK_DOWN_STATUS });
      return { trunk: await this.#reload(session, id), removed: gone };
    });
    await this.#push.subports(
      context,
      removed.map((subport) => subportPrimitive(id, subport)),
      'deleted',
    );
    return trunk;
  }

  /** GET /trunks/{id}/get_subports. */
  async getSubports(context: Context, id: string): Promise<ResourceDict> {
    return { sub_ports: (await this.trunks.get(context, id))['sub_ports'] };
  }

  /** TagsCapable: a trunk whose tags changed is revised. */
  tagsChanged(context: Context, collection: string, id: string): Promise<boolean> {
    return collection === trunks.collection ? this.trunks.tagsChanged(context, id) : Promise.resolve(false);
  }

  /** Serves the trunk agents on `trunk`; the server's RpcWorker runs and stops it. */
  async startRpcListeners(): Promise<RpcServer[]> {
    const connection = createConnection(await this.#core.transport(), { logger: this.#init.logger });
    const callbacks = new TrunkRpcCallbacks({
      core: this.#core,
      logger: this.#init.logger,
      findTrunk: async (context, id) => (await this.trunks.list(context, { filters: { id: [id] } }))[0],
      setStatus: (context, id, status) => this.#setStatus(context, id, status),
    });
    connection.createConsumer(TRUNK_TOPIC, [callbacks], { server: String(this.#init.config.value('DEFAULT', 'host') ?? '') || hostname() });
    return connection.consume();
  }

  /** Stops serving trunks to the core plugin's ports and pull API (a reload builds a new plugin). */
  async close(): Promise<void> {
    for (const detach of this.#detach.splice(0)) detach();
  }

  /** neutron's trunk_can_be_managed: a disabled trunk's subports do not change, nor is it deleted. */
  #manageable(trunk: ResourceDict): void {
    if (trunk['admin_state_up'] !== true) throw new TrunkDisabled({ trunk_id: trunk['id'] });
  }

  /** The trunk as it now is, whoever's it is (an admin may make one for another project). */
  async #reload(session: Session, id: string): Promise<ResourceDict> {
    const [trunk] = await this.trunks.loadDicts(session.withContext(session.context.elevated()), [id]);
    return trunk!;
  }

  /** A status the plugin or an agent sets (the API does not let callers set it). */
  async #setStatus(context: Context, id: string, status: string): Promise<void> {
    await this.trunks.update(context.elevated(), id, { status });
  }
}
