import type { Logger } from '@net-server/lib';
import type { Driver, IncomingHandler, Listener, Reply, RequestContext, RequestMessage, SendOptions } from './driver.js';
import type { RemoteErrorClass } from './remote-failure.js';
import type { Target } from './target.js';
import type { TransportUrl } from './transport-url.js';

export interface TransportSettings {
  /** `control_exchange`: the exchange of targets that name none. */
  controlExchange: string;
  /** `rpc_response_timeout` in ms: a call's timeout when its client sets none. */
  rpcResponseTimeoutMs: number;
  /** Remote error classes clients rebuild instead of raising RemoteError. */
  allowedRemoteErrors: readonly RemoteErrorClass[];
  logger: Logger;
}

/**
 * A messaging transport, as oslo.messaging's RPCTransport: one driver
 * instance built from a `transport_url`, shared by every client and server
 * of the process that uses it. Build it with `getRpcTransport`.
 */
export class Transport {
  readonly url: TransportUrl;
  readonly controlExchange: string;
  readonly rpcResponseTimeoutMs: number;
  readonly allowedRemoteErrors: readonly RemoteErrorClass[];
  readonly logger: Logger;
  readonly #driver: Driver;

  constructor(driver: Driver, url: TransportUrl, settings: TransportSettings) {
    this.#driver = driver;
    this.url = url;
    this.controlExchange = settings.controlExchange;
    this.rpcResponseTimeoutMs = settings.rpcResponseTimeoutMs;
    this.allowedRemoteErrors = settings.allowedRemoteErrors;
    this.logger = settings.logger;
  }

  /** For RpcClient: hand a built message to the driver. */
  send(target: Target, context: RequestContext, message: RequestMessage, options: SendOptions): Promise<Reply | undefined> {
    return this.#driver.send(target, context, message, options);
  }

  /** For RpcServer: consume the target's queues. */
  listen(target: Target, onMessage: IncomingHandler): Promise<Listener> {
    return this.#driver.listen(target, onMessage);
  }

  /** Close the driver's connections; pending calls reject. */
  cleanup(): Promise<void> {
    return this.#driver.cleanup();
  }

  toString(): string {
    return `<Transport ${this.url.toString()}>`;
  }
}
