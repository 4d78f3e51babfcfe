import {
  constants,
  getAdminContext,
  PortNotFound,
  ServicePortInUse,
  type Context,
  type CorePlugin,
  type ListOptions,
  type ResourceDict,
  type ResourceRequest,
  type ServicePlugin,
} from '@net-server/lib';
import type { ResourcesPushRpcApi } from '@net-server/rpc';
import {
  applyListOptions,
  givenString,
  owningProject,
  requireCoreCapabilities,
  serveAgentObjects,
  ResourceStore,
  selectFields,
  unwrapBody,
  type CoreCapabilities,
  type PluginInit,
  type ResourceHooks,
  type Session,
} from 'net-server';
import { LOCAL_IP, LOCAL_IP_SERVICE_TYPE } from '../api/definitions.js';
import { localIpView, type LocalIpRow } from '../db/schema.js';
import { badRequest, LocalIPAssociationNotFound, LocalIPInUse, LocalIPPortOrNetworkRequired } from '../errors.js';
import { associationProducer } from '../rpc/local-ip-rpc.js';
import { associationPrimitive, LOCAL_IP_ASSOCIATION_RESOURCE, LOCAL_IP_ASSOCIATION_VERSION } from '../rpc/versioned-local-ip.js';
import { localIpAddressOf } from './local-ip-address.js';
import { localIps } from './local-ips.js';
import { createLocalPort, firstAddress } from './local-port.js';
import { PortAssociations, type AssociationWithLocalIp } from './port-associations.js';

type Core = CorePlugin & Pick<CoreCapabilities, 'transactions' | 'hooks'>;

/** neutron's _prevent_local_port_delete_callback: a local IP's port stays while the local IP does. */
function localPortHooks(): ResourceHooks {
  return {
    async beforeDelete(session: Session, port: ResourceDict) {
      const used = await localIpView(session).selectFrom('local_ips').select('id').where('local_port_id', '=', String(port['id'])).executeTakeFirst();
      if (used) throw new ServicePortInUse({ port_id: port['id'], reason: 'still referenced by Local IPs' });
    },
  };
}

/**
 * The `local_ip` service plugin (neutron's LocalIPPlugin): node-local
 * virtual IPs on a port or a network (/v2.0/local_ips) and their
 * associations with the ports that use them
 * (/v2.0/local_ips/{id}/port_associations), which agents pull and get
 * pushed when the core plugin serves them (ML2).
 */
export class LocalIpPlugin implements ServicePlugin {
  readonly pluginType = LOCAL_IP_SERVICE_TYPE;
  readonly pluginDescription = 'Local IP Service Plugin';
  readonly supportedExtensionAliases = [LOCAL_IP.alias];
  readonly resources: readonly string[] = ['local_ips'];
  readonly nativePaginationSupport = true;
  readonly nativeSortingSupport = true;
  readonly store: ResourceStore<LocalIpRow>;
  readonly #core: Core;
  readonly #associations: PortAssociations;
  readonly #push: ResourcesPushRpcApi | undefined;
  readonly #undo: (() => void)[] = [];

  constructor(init: PluginInit) {
    this.#core = requireCoreCapabilities(init.directory.corePlugin, 'local_ip', ['transactions', 'hooks']);
    this.store = new ResourceStore(this.#core.transactions, localIps);
    this.#associations = new PortAssociations(this.#core);
    this.#undo.push(this.#core.hooks.add('port', localPortHooks()));
    // As neutron's, agents are pushed to only where they can pull (an RPC-serving core plugin).
    const objects = serveAgentObjects(
      this.#core,
      init.logger,
      { resource: LOCAL_IP_ASSOCIATION_RESOURCE, version: LOCAL_IP_ASSOCIATION_VERSION, description: 'local IP associations to agents' },
      () => associationProducer(this.#core.transactions),
    );
    this.#push = objects?.push;
    if (objects) this.#undo.push(objects.withdraw);
  }

  async close(): Promise<void> {
    for (const undo of this.#undo.splice(0)) undo();
  }

  /** neutron's create_local_ip: on an existing port (one of its addresses) or on a new port of a network. */
  async createLocalIp(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, localIps.member);
    const portId = givenString(request, 'local_port_id');
    const networkId = givenString(request, 'network_id');
    const requested = givenString(request, 'local_ip_address');
    const projectId = owningProject(request, context.projectId);
    if (portId === undefined && networkId === undefined) throw new LocalIPPortOrNetworkRequired({});
    return this.#core.transactions.write(context, async (session) => {
      let columns: Record<string, string>;
      let newPort: string | undefined;
      if (portId !== undefined) {
        const port = await this.#core.getPort(session.context, portId).catch((error: unknown) => {
          throw error instanceof PortNotFound ? badRequest('local_ip', `Port ${portId} not found`) : error;
        });
        columns = { local_port_id: port.id, network_id: port.network_id, local_ip_address: localIpAddressOf(port.id, port.fixed_ips, requested) };
      } else {
        const port = await createLocalPort(this.#core, session.context, networkId!, projectId, requested);
        newPort = port.id;
        columns = { local_port_id: port.id, network_id: port.network_id, local_ip_address: firstAddress(port) };
      }
      const created = await this.store.createIn(session, { ...request, ...columns, project_id: projectId });
      if (newPort !== undefined) await this.#core.updatePort(getAdminContext(), newPort, { device_id: String(created['id']) });
      return created;
    });
  }

  updateLocalIp(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.store.update(context, id, body);
  }

  /** neutron's delete_local_ip: refused while ports use it; its own port (one it made on a network) goes with it. */
  async deleteLocalIp(context: Context, id: string): Promise<void> {
    await this.#core.transactions.write(context, async (session) => {
      const used = await localIpView(session).selectFrom('local_ip_associations').select('fixed_port_id').where('local_ip_id', '=', id).executeTakeFirst();
      if (used) throw new LocalIPInUse({ id });
      const { row } = await this.store.find(session, id);
      await this.store.deleteIn(session, id);
      const admin = getAdminContext();
      const port = await this.#core.getPort(admin, row.local_port_id).catch(() => undefined);
      if (port?.device_owner === constants.DEVICE_OWNER_LOCAL_IP) await this.#core.deletePort(admin, port.id);
    });
  }

  getLocalIp(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.store.get(context, id, fields);
  }

  getLocalIps(context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    return this.store.list(context, options);
  }

  getLocalIpsCount(context: Context, filters?: ListOptions['filters']): Promise<number> {
    return this.store.count(context, filters);
  }

  async createLocalIpPortAssociation(context: Context, localIpId: string, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, 'port_association');
    const fixedPortId = String(request['fixed_port_id']);
    const found = await this.#core.transactions.write(context, (session) =>
      this.#associations.create(session, localIpId, fixedPortId, givenString(request, 'fixed_ip')),
    );
    await this.#pushed(context, [found], 'created');
    const [dict] = await this.#associations.dicts([found]);
    return dict!;
  }

  async deleteLocalIpPortAssociation(context: Context, fixedPortId: string, localIpId: string): Promise<void> {
    const removed = await this.#core.transactions.write(context, (session) => this.#associations.remove(session, localIpId, fixedPortId));
    await this.#pushed(context, [removed], 'deleted');
  }

  async getLocalIpPortAssociation(context: Context, fixedPortId: string, localIpId: string, fields?: readonly string[]): Promise<ResourceDict> {
    const found = await this.#core.transactions.read(context, (session) => this.#associations.find(session, localIpId, fixedPortId));
    const [dict] = await this.#associations.dicts([found]);
    return fields && fields.length > 0 ? selectFields(dict!, fields) : dict!;
  }

  async getLocalIpPortAssociations(context: Context, localIpId: string, options: ListOptions = {}): Promise<ResourceDict[]> {
    const found = await this.#core.transactions.read(context, (session) => this.#associations.list(session, localIpId));
    const dicts = await this.#associations.dicts(found);
    return applyListOptions(dicts, options, (marker) => new LocalIPAssociationNotFound({ local_ip_id: localIpId, port_id: marker }));
  }

  async #pushed(context: Context, associations: readonly AssociationWithLocalIp[], event: 'created' | 'deleted'): Promise<void> {
    await this.#push?.push(
      context,
      associations.map(({ row, localIp }) => associationPrimitive(row, localIp)),
      event,
    );
  }
}
