import { randomUUID } from 'node:crypto';
import { getRpcTransport, type Transport } from '@net-server/rpc';

export interface TestTransportOptions {
  /** Default `neutron`, as the server's. */
  controlExchange?: string;
  /** Seconds a call waits for its reply; default 5, so a missing server fails a test quickly. */
  responseTimeout?: number;
}

/** A `memory://` URL of its own, so tests running side by side never share a bus. */
export function testTransportUrl(): string {
  return `memory:///testkit-${randomUUID()}`;
}

/**
 * An in-process RPC transport for tests (oslo.messaging's fake driver): an
 * agent simulated in a test and a plugin's RPC servers meet on it when both
 * use the same URL, e.g. the `transportUrl` of a started server.
 */
export function testTransport(url: string = testTransportUrl(), options: TestTransportOptions = {}): Promise<Transport> {
  return getRpcTransport({
    transport_url: url,
    control_exchange: options.controlExchange ?? 'neutron',
    rpc_response_timeout: options.responseTimeout ?? 5,
  });
}
