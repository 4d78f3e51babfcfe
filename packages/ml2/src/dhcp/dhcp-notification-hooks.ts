import type { Context, ResourceDict } from '@net-server/lib';
import type { ResourceHooks } from 'net-server';
import type { DhcpAgentNotifier, DhcpResource } from './dhcp-agent-notifier.js';

/** Tells the DHCP agents of a network, subnet or port once its change is committed (after ML2's own postcommit work, binding included). */
export class DhcpNotificationHooks implements ResourceHooks {
  constructor(
    private readonly resource: DhcpResource,
    private readonly notifier: DhcpAgentNotifier,
  ) {}

  postcommitCreate(context: Context, dict: ResourceDict): Promise<void> {
    return this.notifier.notify(context, this.resource, 'create', dict);
  }

  postcommitUpdate(context: Context, original: ResourceDict, updated: ResourceDict): Promise<void> {
    return this.notifier.notify(context, this.resource, 'update', updated, original);
  }

  postcommitDelete(context: Context, dict: ResourceDict): Promise<void> {
    return this.notifier.notify(context, this.resource, 'delete', dict);
  }
}
