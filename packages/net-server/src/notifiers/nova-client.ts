import { randomUUID } from 'node:crypto';
import { NovaRequestFailed } from './errors.js';
import type { KeystoneSession } from './keystone-session.js';

/** The events neutron sends (the 2.1 schema's names; Nova's later microversions add events of other services). */
export type NovaEventName = 'network-changed' | 'network-vif-plugged' | 'network-vif-unplugged' | 'network-vif-deleted';

/** One item of POST /os-server-external-events, as neutron builds it. */
export interface NovaEvent {
  server_uuid: string;
  name: NovaEventName;
  /** Set on plugged/unplugged (completed or failed); Nova takes completed when absent. */
  status?: 'completed' | 'failed';
  /** The port id: which of the server's interfaces the event is about. */
  tag: string;
}

/** What Nova answered: its HTTP status (200, or 207 when some event failed) and the events with their per-event `code`. */
export interface NovaEventsReply {
  status: number;
  events: unknown[];
  /** Nova's request id (x-openstack-request-id), to find the request in Nova's logs. */
  requestId: string | undefined;
}

/** Sends a batch of events to Nova; the notifier's seam for tests. */
export interface NovaEventSender {
  send(events: readonly NovaEvent[]): Promise<NovaEventsReply>;
}

/** The compute API version neutron asks for (NOVA_API_VERSION): the events API as it has been since 2.1. */
export const NOVA_API_VERSION = '2.1';

/**
 * What novaclient's server_external_events.create does for neutron: POST
 * {compute endpoint}/os-server-external-events with {"events": [...]} and
 * microversion 2.1, through the Keystone session (token, catalog, retries),
 * with a global request id of its own. 200 and 207 are answers with
 * per-event codes; any other status is a NovaRequestFailed.
 */
export class NovaClient implements NovaEventSender {
  constructor(
    private readonly session: KeystoneSession,
    private readonly endpoint: { interface: string; region: string | undefined },
  ) {}

  async send(events: readonly NovaEvent[]): Promise<NovaEventsReply> {
    const reply = await this.session.request({
      serviceType: 'compute',
      interface: this.endpoint.interface,
      region: this.endpoint.region,
      method: 'POST',
      path: '/os-server-external-events',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'user-agent': 'net-server-nova-notifier',
        'x-openstack-nova-api-version': NOVA_API_VERSION,
        // neutron's _get_nova_client: a new global request id per batch.
        'x-openstack-request-id': `req-${randomUUID()}`,
      },
      body: JSON.stringify({ events }),
    });
    const header = reply.headers['x-openstack-request-id'] ?? reply.headers['x-compute-request-id'];
    const requestId = Array.isArray(header) ? header[0] : header;
    if (reply.status !== 200 && reply.status !== 207) throw new NovaRequestFailed('/os-server-external-events', reply.status, reply.text);
    let body: unknown;
    try {
      body = JSON.parse(reply.text) as unknown;
    } catch {
      body = undefined;
    }
    const listed = typeof body === 'object' && body !== null ? (body as { events?: unknown }).events : undefined;
    if (!Array.isArray(listed)) throw new NovaRequestFailed('/os-server-external-events', reply.status, `no "events" list in the answer: ${reply.text}`);
    return { status: reply.status, events: listed, requestId };
  }
}
