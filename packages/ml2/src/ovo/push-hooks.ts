import type { Context, ResourceDict } from '@net-server/lib';
import type { ResourceHooks } from 'net-server';
import type { ResourcePush } from './resource-push.js';

/**
 * Pushes a network, subnet or port to agents once its create, update or
 * delete has committed (neutron's ovo_rpc handlers of AFTER_CREATE,
 * AFTER_UPDATE and AFTER_DELETE). Added after ML2's own hooks, so a new
 * port goes out bound.
 */
export class ObjectPushHooks implements ResourceHooks {
  constructor(
    private readonly type: 'Network' | 'Subnet' | 'Port',
    private readonly push: ResourcePush,
  ) {}

  postcommitCreate(context: Context, dict: ResourceDict): Promise<void> {
    return this.push.changed(context, this.type, [String(dict['id'])]);
  }

  postcommitUpdate(context: Context, _original: ResourceDict, updated: ResourceDict): Promise<void> {
    return this.push.changed(context, this.type, [String(updated['id'])]);
  }

  postcommitDelete(context: Context, dict: ResourceDict): Promise<void> {
    return this.push.deleted(context, this.type, [String(dict['id'])]);
  }
}
