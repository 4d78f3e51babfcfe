import {
  getAdminContext,
  pythonString,
  BadRequest,
  type Context,
  type CorePlugin,
  type ListOptions,
  type ResourceDict,
  type ResourceRequest,
  type ServicePlugin,
} from '@net-server/lib';
import { routerPluginOf, type L3RouterPlugin } from '@net-server/l3';
import type { ResourcesPushRpcApi } from '@net-server/rpc';
import {
  requireCoreCapabilities,
  serveAgentObjects,
  ResourceStore,
  selectFields,
  unwrapBody,
  type CoreCapabilities,
  type PluginInit,
  type Session,
} from 'net-server';
import { CONNTRACK_HELPER_SERVICE_TYPE, CONNTRACK_HELPERS, EXPOSE_L3_CONNTRACK_HELPER, L3_CONNTRACK_HELPER } from '../api/definitions.js';
import { allowedConntrackHelpers } from '../config/options.js';
import { helperView, type ConntrackHelperRow } from '../db/schema.js';
import { ConntrackHelperNotFound } from '../errors.js';
import { conntrackHelperProducer } from '../rpc/conntrack-helper-rpc.js';
import { CONNTRACK_HELPER_RESOURCE, CONNTRACK_HELPER_VERSION, helperPrimitive } from '../rpc/versioned-conntrack-helper.js';
import { conntrackHelpers, type ConntrackHelperColumns } from './conntrack-helpers.js';
import { checkHelper, helperConstraints } from './helper-constraints.js';

/**
 * The `conntrack_helper` service plugin (neutron's conntrack_helper
 * Plugin): conntrack helpers (CT target rules) of routers under
 * /v2.0/routers/{id}/conntrack_helpers, allowed by
 * `allowed_conntrack_helpers`, shown on routers, pulled by and pushed to L3
 * agents when the core plugin serves them (ML2).
 */
export class ConntrackHelperPlugin implements ServicePlugin {
  static readonly requiredServicePlugins = ['router'];
  readonly pluginType = CONNTRACK_HELPER_SERVICE_TYPE;
  readonly pluginDescription = 'Conntrack Helper Service Plugin';
  readonly supportedExtensionAliases = [L3_CONNTRACK_HELPER.alias, EXPOSE_L3_CONNTRACK_HELPER.alias];
  readonly resources: readonly string[] = [];
  readonly nativePaginationSupport = true;
  readonly nativeSortingSupport = true;
  readonly store: ResourceStore<ConntrackHelperRow>;
  readonly #core: CorePlugin & Pick<CoreCapabilities, 'transactions'>;
  readonly #routers: Pick<L3RouterPlugin, 'routers' | 'getRouter'>;
  readonly #constraints: ReadonlyMap<string, readonly string[]>;
  readonly #push: ResourcesPushRpcApi | undefined;
  readonly #undo: (() => void)[] = [];

  constructor(init: PluginInit) {
    this.#core = requireCoreCapabilities(init.directory.corePlugin, 'conntrack_helper', ['transactions']);
    this.#routers = routerPluginOf(init.directory, 'conntrack_helper', ['routers', 'getRouter']);
    this.#constraints = helperConstraints(init.config.get('DEFAULT', allowedConntrackHelpers));
    this.store = new ResourceStore(this.#core.transactions, conntrackHelpers);
    this.#undo.push(this.#routers.routers.hooks.add({ extendDicts: extendRouters }));
    // As neutron's, agents are pushed to only where they can pull (an RPC-serving core plugin).
    const objects = serveAgentObjects(
      this.#core,
      init.logger,
      { resource: CONNTRACK_HELPER_RESOURCE, version: CONNTRACK_HELPER_VERSION, description: 'conntrack helpers to L3 agents' },
      () => conntrackHelperProducer(this.#core.transactions),
    );
    this.#push = objects?.push;
    if (objects) this.#undo.push(objects.withdraw);
  }

  async close(): Promise<void> {
    for (const undo of this.#undo.splice(0)) undo();
  }

  async createRouterConntrackHelper(context: Context, routerId: string, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, conntrackHelpers.member);
    const columns: ConntrackHelperColumns = {
      router_id: routerId,
      protocol: String(request['protocol']),
      port: Number(request['port']),
      helper: String(request['helper']),
    };
    checkHelper(this.#constraints, columns.helper, columns.protocol);
    const dict = await this.#core.transactions.write(context, async (session) => {
      await this.#routers.getRouter(session.context, routerId);
      await checkDuplicate(session, columns, '');
      return this.store.createIn(session, columns);
    });
    await this.#pushed(context, String(dict['id']), 'created');
    return dict;
  }

  async updateRouterConntrackHelper(context: Context, id: string, routerId: string, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, conntrackHelpers.member);
    const dict = await this.#core.transactions.write(context, async (session) => {
      const row = await this.#row(session, id, routerId);
      const columns: ConntrackHelperColumns = {
        router_id: routerId,
        protocol: request['protocol'] === undefined ? row.protocol : String(request['protocol']),
        port: request['port'] === undefined ? Number(row.port) : Number(request['port']),
        helper: request['helper'] === undefined ? row.helper : String(request['helper']),
      };
      checkHelper(this.#constraints, columns.helper, columns.protocol);
      await checkDuplicate(session, columns, id);
      return this.store.updateIn(session, id, columns);
    });
    await this.#pushed(context, id, 'updated');
    return dict;
  }

  async deleteRouterConntrackHelper(context: Context, id: string, routerId: string): Promise<void> {
    const row = await this.#core.transactions.write(context, async (session) => {
      const found = await this.#row(session, id, routerId);
      await this.store.deleteIn(session, id);
      return found;
    });
    await this.#push?.push(context, [helperPrimitive(row)], 'deleted');
  }

  getRouterConntrackHelper(context: Context, id: string, routerId: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.#core.transactions.read(context, async (session) => {
      await this.#row(session, id, routerId);
      const { dict } = await this.store.find(session, id);
      return fields && fields.length > 0 ? selectFields(dict, fields) : dict;
    });
  }

  getRouterConntrackHelpers(context: Context, routerId: string, options: ListOptions = {}): Promise<ResourceDict[]> {
    return this.store.list(context, { ...options, filters: { ...options.filters, router_id: [routerId] } });
  }

  /** neutron's _get_conntrack_helper: a helper of another router is not found. */
  async #row(session: Session, id: string, routerId: string): Promise<ConntrackHelperRow> {
    const { row } = await this.store.find(session, id);
    if (row.router_id !== routerId) throw new ConntrackHelperNotFound({ id });
    return row;
  }

  async #pushed(context: Context, id: string, event: 'created' | 'updated'): Promise<void> {
    if (!this.#push) return;
    const { row } = await this.#core.transactions.read(getAdminContext(), (session) => this.store.find(session, id));
    await this.#push.push(context, [helperPrimitive(row)], event);
  }
}

/** What neutron answers when a helper would repeat another of its router (the table's unique constraint). */
async function checkDuplicate(session: Session, columns: ConntrackHelperColumns, selfId: string): Promise<void> {
  const same = await helperView(session)
    .selectFrom('conntrack_helpers')
    .select('id')
    .where('router_id', '=', columns.router_id)
    .where('protocol', '=', columns.protocol)
    .where('port', '=', Number(columns.port))
    .where('helper', '=', columns.helper)
    .where('id', '!=', selfId)
    .executeTakeFirst();
  if (same) {
    const conflict = pythonString({ router_id: columns.router_id, protocol: columns.protocol, port: Number(columns.port), helper: columns.helper });
    throw new BadRequest({
      resource: 'conntrack_helper',
      msg: `A duplicate conntrack helper entry with same attributes already exists, conflicting values are ${conflict}`,
    });
  }
}

/** expose-l3-conntrack-helper: each router's helpers, as `protocol`, `port` and `helper`. */
async function extendRouters(session: Session, routers: ResourceDict[]): Promise<void> {
  const rows = await helperView(session)
    .selectFrom('conntrack_helpers')
    .selectAll()
    .where(
      'router_id',
      'in',
      routers.map((router) => String(router['id'])),
    )
    .orderBy('id')
    .execute();
  for (const router of routers) {
    router[CONNTRACK_HELPERS] = rows
      .filter((row) => row.router_id === router['id'])
      .map((row) => ({ protocol: row.protocol, port: Number(row.port), helper: row.helper }));
  }
}
