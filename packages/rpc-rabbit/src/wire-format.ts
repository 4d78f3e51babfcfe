import { randomFillSync } from 'node:crypto';
import type { RemoteFailure, Reply, RequestContext, RequestMessage } from '@net-server/rpc';
import type { WireMessage } from './envelope.js';

/**
 * The inner message dicts of oslo.messaging's AMQP drivers: requests with
 * `_msg_id`/`_reply_q`/`_timeout`/`_unique_id` and the context flattened to
 * `_context_<key>`, and replies with `result`/`failure`/`ending`.
 */
const CONTEXT_PREFIX = '_context_';

// Ids are drawn from a pool of random bytes: one system call per 256 ids.
const pool = Buffer.alloc(16 * 256);
let poolOffset = pool.length;

/** A uuid4-style hex id, as oslo's `uuid.uuid4().hex`. */
export function newId(): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + 16);
  poolOffset += 16;
  // Version 4, variant 1, as uuid4.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return bytes.toString('hex');
}

export interface CallFields {
  msgId: string;
  replyQueue: string;
  /** Call-monitor timeout in seconds, or null. */
  monitorTimeout: number | null;
}

export function buildRequest(message: RequestMessage, context: RequestContext, call: CallFields | undefined, uniqueId: string): WireMessage {
  const wire: WireMessage = { method: message.method, args: message.args };
  if (message.namespace !== undefined) wire['namespace'] = message.namespace;
  if (message.version !== undefined) wire['version'] = message.version;
  if (call !== undefined) {
    wire['_msg_id'] = call.msgId;
    wire['_reply_q'] = call.replyQueue;
    wire['_timeout'] = call.monitorTimeout;
  }
  wire['_unique_id'] = uniqueId;
  for (const key in context) wire[CONTEXT_PREFIX + key] = context[key];
  return wire;
}

/** The routing fields of a request, readable even when the rest is malformed. */
export interface RequestHeader {
  msgId?: string;
  replyQueue?: string;
  uniqueId?: string;
  /** Seconds; the caller's call-monitor timeout. */
  monitorTimeout?: number;
}

export function readRequestHeader(wire: WireMessage): RequestHeader {
  const header: RequestHeader = {};
  const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const msgId = str(wire['_msg_id']);
  const replyQueue = str(wire['_reply_q']);
  const uniqueId = str(wire['_unique_id']);
  if (msgId !== undefined) header.msgId = msgId;
  if (replyQueue !== undefined) header.replyQueue = replyQueue;
  if (uniqueId !== undefined) header.uniqueId = uniqueId;
  const timeout = wire['_timeout'];
  if (typeof timeout === 'number' && timeout > 0) header.monitorTimeout = timeout;
  return header;
}

export interface DecodedRequest {
  context: RequestContext;
  message: RequestMessage;
}

/** Rebuilds the request; throws a message fit for a failure reply when it is not one. */
export function readRequest(wire: WireMessage): DecodedRequest {
  const method = wire['method'];
  if (typeof method !== 'string' || method === '') throw new Error('the message has no "method"');
  const args = wire['args'] ?? {};
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new Error('"args" is not an object');
  const message: RequestMessage = { method, args: args as Record<string, unknown> };
  const version = wire['version'];
  if (typeof version === 'string') message.version = version;
  else if (version !== undefined && version !== null) throw new Error('"version" is not a string');
  const namespace = wire['namespace'];
  if (typeof namespace === 'string') message.namespace = namespace;
  else if (namespace !== undefined && namespace !== null) throw new Error('"namespace" is not a string');
  const context: RequestContext = {};
  for (const key in wire) {
    if (key.startsWith(CONTEXT_PREFIX)) context[key.slice(CONTEXT_PREFIX.length)] = wire[key];
  }
  return { context, message };
}

export function serializeFailure(failure: RemoteFailure): string {
  return JSON.stringify({
    class: failure.class,
    module: failure.module,
    message: failure.message,
    tb: failure.tb,
    args: failure.args,
    kwargs: failure.kwargs,
  });
}

/** A reply (`ending: true`) or a call-monitor heartbeat (`reply` undefined). */
export function buildReply(msgId: string, reply: Reply | undefined): WireMessage {
  const result = reply !== undefined && 'result' in reply ? (reply.result ?? null) : null;
  const failure = reply !== undefined && 'failure' in reply ? serializeFailure(reply.failure) : null;
  return { result, failure, ending: reply !== undefined, _msg_id: msgId, _unique_id: newId() };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map((line) => String(line)) : [];
}

/** Decodes oslo's failure JSON; a failure that is not one still reaches the caller, as a RemoteError. */
export function parseFailure(text: unknown): RemoteFailure {
  let data: unknown;
  try {
    data = typeof text === 'string' ? JSON.parse(text) : text;
  } catch {
    data = undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {
      class: 'RemoteError',
      module: 'oslo_messaging.rpc.client',
      message: `unreadable remote failure: ${String(text).slice(0, 200)}`,
      tb: [],
      args: [],
      kwargs: {},
    };
  }
  const fields = data as Record<string, unknown>;
  const kwargs = fields['kwargs'];
  return {
    class: typeof fields['class'] === 'string' ? fields['class'] : 'RemoteError',
    module: typeof fields['module'] === 'string' ? fields['module'] : '',
    message: typeof fields['message'] === 'string' ? fields['message'] : '',
    tb: stringList(fields['tb']),
    args: Array.isArray(fields['args']) ? fields['args'] : [],
    kwargs: typeof kwargs === 'object' && kwargs !== null && !Array.isArray(kwargs) ? (kwargs as Record<string, unknown>) : {},
  };
}

export interface DecodedReply {
  msgId: string | undefined;
  result: unknown;
  failure: RemoteFailure | undefined;
  ending: boolean;
}

export function readReply(wire: WireMessage): DecodedReply {
  const msgId = wire['_msg_id'];
  const failure = wire['failure'];
  return {
    msgId: typeof msgId === 'string' ? msgId : undefined,
    result: wire['result'] ?? null,
    failure: failure === undefined || failure === null || failure === '' ? undefined : parseFailure(failure),
    ending: wire['ending'] === true,
  };
}
