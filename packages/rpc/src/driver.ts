import type { Logger } from '@net-server/lib';
import type { Target } from './target.js';
import type { TransportUrl } from './transport-url.js';

/**
 * The contract between the RPC layer and a transport driver, as
 * oslo.messaging's BaseDriver / Listener / IncomingMessage. A driver moves
 * already-built messages; dispatching, versions, serialisation and errors
 * live above it, so memory:// and rabbit:// behave the same.
 *
 * Drivers are published in the `net_server.rpc.transports` entry-point
 * namespace, named by URL scheme, and the entry's export is a
 * {@link DriverFactory}.
 */

/** The request an RpcClient sends (oslo's message dict before flattening). */
export interface RequestMessage {
  method: string;
  /** Keyword arguments, as oslo.messaging passes them. */
  args: Record<string, unknown>;
  version?: string;
  namespace?: string;
}

/** A serialised exception crossing the wire (oslo's failure JSON, decoded). */
export interface RemoteFailure {
  /** Exception class name, e.g. `NoSuchMethod`, `NetworkNotFound`. */
  class: string;
  /** Module the class lives in, e.g. `oslo_messaging.rpc.dispatcher`. */
  module: string;
  message: string;
  /** Traceback lines; empty for expected exceptions. */
  tb: string[];
  args: unknown[];
  kwargs: Record<string, unknown>;
}

export type Reply = { result: unknown } | { failure: RemoteFailure };

/** The context dict; every key travels as `_context_<key>` on the wire. */
export type RequestContext = Record<string, unknown>;

export interface SendOptions {
  /** Wait for a reply (call) or not (cast). */
  waitForReply: boolean;
  /** Give up waiting for the reply after this many ms (MessagingTimeout). */
  timeoutMs?: number;
  /**
   * Call monitoring: the server sends a heartbeat every half of this and the
   * client fails the call when none arrives within it (oslo's `_timeout`).
   */
  callMonitorTimeoutMs?: number;
}

export interface IncomingMessage {
  readonly context: RequestContext;
  readonly message: RequestMessage;
  /** Whether the sender waits for {@link reply}. */
  readonly expectsReply: boolean;
  /** Message id for logs (`_msg_id` or `_unique_id`). */
  readonly id: string;
  /**
   * The caller's call-monitor timeout (oslo's `_timeout`, converted to ms);
   * while the method runs the server calls {@link heartbeat} every half of
   * it. Absent for casts and unmonitored calls.
   */
  readonly callMonitorTimeoutMs?: number;
  /** Answer a call; a no-op for casts. Replies at most once. */
  reply(reply: Reply): Promise<void>;
  /** Tell a monitoring caller that the call is still running. */
  heartbeat(): Promise<void>;
}

export interface Listener {
  /** Stop taking new messages; messages already handed out may still reply. */
  stop(): Promise<void>;
}

export type IncomingHandler = (incoming: IncomingMessage) => void;

export interface Driver {
  /**
   * Send to `target`. With `waitForReply` resolves to the server's reply;
   * rejects with MessagingTimeout when no reply comes in time and with a
   * transport error (coded) when the message could not be sent.
   */
  send(target: Target, context: RequestContext, message: RequestMessage, options: SendOptions): Promise<Reply | undefined>;
  /**
   * Consume for an RPC server on `target` (topic, topic.server and the
   * topic's fanout), calling `onMessage` for each message. Malformed
   * messages never reach `onMessage`: the driver logs them and, where a
   * caller waits, answers with a failure.
   */
  listen(target: Target, onMessage: IncomingHandler): Promise<Listener>;
  /** Close every connection; pending calls reject. */
  cleanup(): Promise<void>;
}

export interface DriverOptions {
  /** `control_exchange`: the default exchange of targets without one. */
  controlExchange: string;
  /** Driver-specific options (e.g. `[oslo_messaging_rabbit]`), URL query included. */
  options: Record<string, string | number | boolean>;
  logger: Logger;
}

export type DriverFactory = (url: TransportUrl, options: DriverOptions) => Driver;
