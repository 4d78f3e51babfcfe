import { InvalidInput, isAttrSpecified, topics, type Context, type ResourceDict, type ResourceRequest } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { networkSegments } from '../db/network-segments.js';
import { ml2View } from '../db/ml2-view.js';
import { NetworkContext } from '../mech/network-context.js';
import { PROVIDER_ATTRIBUTES, SEGMENTS, type NetworkSegment } from '../types/segment.js';
import { notifyAgents, type Ml2Services } from './ml2-services.js';

function specified(request: ResourceRequest, key: string): boolean {
  const value = request[key];
  return value !== undefined && isAttrSpecified(value);
}

/** ML2's part in a network's life: segments, MTU, extension and mechanism drivers, agent notifications. */
export class NetworkHooks implements ResourceHooks {
  readonly #segments = new WeakMap<ResourceDict, NetworkSegment[]>();

  constructor(private readonly services: Ml2Services) {}

  async precommitCreate(session: Session, request: ResourceRequest, network: ResourceDict): Promise<void> {
    const { types, extensions, mechanisms } = this.services;
    const db = ml2View(session.db);
    const id = String(network['id']);
    const segments = await types.createNetworkSegments(db, session.context, request, id, String(network['project_id']));
    const mtu = this.checkMtu(request, segments);
    await session.db.updateTable('networks').set({ mtu }).where('id', '=', id).execute();
    network['mtu'] = mtu;
    await extensions.process('processCreateNetwork', db, session.context, request, network);
    this.#segments.set(network, segments);
    await mechanisms.call('createNetworkPrecommit', new NetworkContext(session.context, network, segments));
  }

  async postcommitCreate(context: Context, network: ResourceDict): Promise<void> {
    const segments = this.#segments.get(network) ?? [];
    try {
      await this.services.mechanisms.call('createNetworkPostcommit', new NetworkContext(context, network, segments));
    } catch (error) {
      this.services.logger.error('mechanism_manager.create_network_postcommit failed, deleting network', { network: network['id'] });
      await this.services.deleteAfterFailedCreate('network', context, String(network['id']));
      throw error;
    }
  }

  async precommitUpdate(session: Session, request: ResourceRequest, original: ResourceDict, updated: ResourceDict): Promise<void> {
    const db = ml2View(session.db);
    const changesSegments = specified(request, SEGMENTS) || PROVIDER_ATTRIBUTES.some((attr) => specified(request, attr) && request[attr] !== original[attr]);
    if (changesSegments) throw new InvalidInput({ error_message: "Plugin does not support updating network's provider attributes" });
    const segments = await networkSegments.forNetwork(db, String(updated['id']));
    this.checkMtu(request, segments);
    await this.services.extensions.process('processUpdateNetwork', db, session.context, request, updated);
    this.#segments.set(updated, segments);
    await this.services.mechanisms.call('updateNetworkPrecommit', new NetworkContext(session.context, updated, segments, original));
  }

  async postcommitUpdate(context: Context, original: ResourceDict, updated: ResourceDict): Promise<void> {
    const segments = this.#segments.get(updated) ?? [];
    await notifyAgents(
      this.services,
      () =>
        this.services.notifier.fanout(context, topics.getTopicName(topics.AGENT, topics.NETWORK, topics.UPDATE), 'network_update', { network: updated }, '1.4'),
      'a network update',
    );
    await this.services.mechanisms.call('updateNetworkPostcommit', new NetworkContext(context, updated, segments, original));
  }

  async precommitDelete(session: Session, network: ResourceDict): Promise<void> {
    const db = ml2View(session.db);
    const id = String(network['id']);
    const segments = await networkSegments.forNetwork(db, id, true);
    this.#segments.set(network, segments);
    await this.services.mechanisms.call('deleteNetworkPrecommit', new NetworkContext(session.context, network, segments));
    await this.services.extensions.processDelete('processDeleteNetwork', db, session.context, network);
    await this.services.types.releaseNetworkSegments(db, id);
  }

  async postcommitDelete(context: Context, network: ResourceDict): Promise<void> {
    await notifyAgents(
      this.services,
      () =>
        this.services.notifier.fanout(context, topics.getTopicName(topics.AGENT, topics.NETWORK, topics.DELETE), 'network_delete', {
          network_id: network['id'],
        }),
      'a network deletion',
    );
    try {
      await this.services.mechanisms.call('deleteNetworkPostcommit', new NetworkContext(context, network, this.#segments.get(network) ?? []));
    } catch (error) {
      // The network is gone; as neutron, report the driver failure in the log only.
      this.services.logger.error('mechanism_manager.delete_network_postcommit failed', { network: network['id'], error });
    }
  }

  /** The MTU a network may have: the requested one unless it exceeds what its segments carry. */
  private checkMtu(request: ResourceRequest, segments: readonly NetworkSegment[]): number {
    const maxMtu = this.services.types.getNetworkMtu(segments);
    // As neutron: 0 (the API's default) asks for nothing.
    const asked = specified(request, 'mtu') && request['mtu'] !== null ? Number(request['mtu']) : 0;
    const requested = asked > 0 ? asked : undefined;
    if (requested !== undefined && requested > maxMtu) {
      throw new InvalidInput({ error_message: `Requested MTU is too big, maximum is ${maxMtu}` });
    }
    return requested ?? maxMtu;
  }

  async extendDicts(session: Session, networks: ResourceDict[]): Promise<void> {
    const db = ml2View(session.db);
    const segments = await networkSegments.forNetworks(
      db,
      networks.map((n) => String(n['id'])),
    );
    for (const network of networks) this.services.types.extendNetworkWithProviderSegments(network, segments.get(String(network['id'])) ?? []);
    await this.services.extensions.extend('extendNetworkDicts', db, networks);
  }
}
