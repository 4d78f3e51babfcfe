import type { Context, ResourceDict, ResourceRequest } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { networkSegments } from '../db/network-segments.js';
import { ml2View } from '../db/ml2-view.js';
import { NetworkContext } from '../mech/network-context.js';
import { SubnetContext } from '../mech/subnet-context.js';
import type { Ml2Services } from './ml2-services.js';

/** Loads what a subnet's or port's context needs of its network, inside the session. */
export type NetworkLoader = (session: Session, networkId: string) => Promise<ResourceDict>;

/** ML2's part in a subnet's life: extension and mechanism drivers. */
export class SubnetHooks implements ResourceHooks {
  readonly #contexts = new WeakMap<ResourceDict, NetworkContext>();

  constructor(
    private readonly services: Ml2Services,
    private readonly loadNetwork: NetworkLoader,
  ) {}

  private async networkContext(session: Session, subnet: ResourceDict): Promise<NetworkContext> {
    const networkId = String(subnet['network_id']);
    const network = await this.loadNetwork(session, networkId);
    const network_ = new NetworkContext(session.context, network, await networkSegments.forNetwork(ml2View(session.db), networkId));
    this.#contexts.set(subnet, network_);
    return network_;
  }

  async precommitCreate(session: Session, request: ResourceRequest, subnet: ResourceDict): Promise<void> {
    await this.services.extensions.process('processCreateSubnet', ml2View(session.db), session.context, request, subnet);
    const network = await this.networkContext(session, subnet);
    await this.services.mechanisms.call('createSubnetPrecommit', new SubnetContext(session.context, subnet, network));
  }

  async postcommitCreate(context: Context, subnet: ResourceDict): Promise<void> {
    try {
      await this.services.mechanisms.call('createSubnetPostcommit', new SubnetContext(context, subnet, this.#contexts.get(subnet)!));
    } catch (error) {
      this.services.logger.error('mechanism_manager.create_subnet_postcommit failed, deleting subnet', { subnet: subnet['id'] });
      await this.services.deleteAfterFailedCreate('subnet', context, String(subnet['id']));
      throw error;
    }
  }

  async precommitUpdate(session: Session, request: ResourceRequest, original: ResourceDict, updated: ResourceDict): Promise<void> {
    await this.services.extensions.process('processUpdateSubnet', ml2View(session.db), session.context, request, updated);
    const network = await this.networkContext(session, updated);
    await this.services.mechanisms.call('updateSubnetPrecommit', new SubnetContext(session.context, updated, network, original));
  }

  async postcommitUpdate(context: Context, original: ResourceDict, updated: ResourceDict): Promise<void> {
    await this.services.mechanisms.call('updateSubnetPostcommit', new SubnetContext(context, updated, this.#contexts.get(updated)!, original));
  }

  async precommitDelete(session: Session, subnet: ResourceDict): Promise<void> {
    const network = await this.networkContext(session, subnet);
    await this.services.mechanisms.call('deleteSubnetPrecommit', new SubnetContext(session.context, subnet, network));
  }

  async postcommitDelete(context: Context, subnet: ResourceDict): Promise<void> {
    try {
      await this.services.mechanisms.call('deleteSubnetPostcommit', new SubnetContext(context, subnet, this.#contexts.get(subnet)!));
    } catch (error) {
      this.services.logger.error('mechanism_manager.delete_subnet_postcommit failed', { subnet: subnet['id'], error });
    }
  }

  async extendDicts(session: Session, subnets: ResourceDict[]): Promise<void> {
    await this.services.extensions.extend('extendSubnetDicts', ml2View(session.db), subnets);
  }
}
