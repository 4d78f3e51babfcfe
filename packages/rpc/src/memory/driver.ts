import { randomUUID } from 'node:crypto';
import type { Logger } from '@net-server/lib';
import type { Driver, DriverOptions, IncomingHandler, IncomingMessage, Listener, Reply, RequestContext, RequestMessage, SendOptions } from '../driver.js';
import { InvalidTarget, MessagingTimeout, TransportError } from '../errors.js';
import type { Target } from '../target.js';
import type { TransportUrl } from '../transport-url.js';
import { busFor, type Delivery, type MemoryBus } from './bus.js';

/** The memory:// driver was used after cleanup(). */
export class TransportClosed extends TransportError {
  override readonly code = 'TransportClosed';
}

interface PendingCall {
  resolve(reply: Reply): void;
  reject(error: Error): void;
}

/** Messages cross as JSON, as on the wire, so memory:// accepts only what rabbit:// would carry. */
function wireCopy<T>(value: T, what: string): T {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new TransportError(`Cannot send the ${what}: it is not JSON-serialisable (${(error as Error).message}). Use a Serializer.`, {
      cause: error,
    });
  }
  return (text === undefined ? undefined : JSON.parse(text)) as T;
}

function msgId(): string {
  return randomUUID().replace(/-/g, '');
}

/**
 * memory://: every transport built from the same URL in this process shares
 * one {@link MemoryBus}; calls, casts, fanout, timeouts, call monitoring and
 * failures behave as over RabbitMQ.
 */
export class MemoryDriver implements Driver {
  private readonly bus: MemoryBus;
  private readonly controlExchange: string;
  private readonly logger: Logger;
  private readonly pending = new Map<string, PendingCall>();
  /** Per waiting monitored call: re-arm its call-monitor timer. */
  private readonly heartbeats = new Map<string, () => void>();
  private readonly listeners = new Set<() => void>();
  private closed = false;

  constructor(url: TransportUrl, options: DriverOptions) {
    this.bus = busFor(url.toString());
    this.controlExchange = options.controlExchange;
    this.logger = options.logger;
  }

  async send(target: Target, context: RequestContext, message: RequestMessage, options: SendOptions): Promise<Reply | undefined> {
    this.assertOpen();
    if (target.topic === undefined) throw new InvalidTarget('A message needs a topic', target);
    const exchange = target.exchange ?? this.controlExchange;
    const id = msgId();
    const delivery: Delivery = { context: wireCopy(context, 'context'), message: wireCopy(message, 'message'), id };
    if (!options.waitForReply) {
      this.publish(target, exchange, delivery);
      return undefined;
    }
    if (target.fanout) throw new InvalidTarget('A call cannot be used with fanout', target);
    const reply = this.awaitReply(id, options);
    delivery.replyTo = {
      reply: (answer) => this.pending.get(id)?.resolve(wireCopy(answer, 'reply')),
      heartbeat: () => this.heartbeats.get(id)?.(),
    };
    if (options.callMonitorTimeoutMs !== undefined) delivery.callMonitorTimeoutMs = options.callMonitorTimeoutMs;
    this.publish(target, exchange, delivery);
    return reply;
  }

  private publish(target: Target, exchange: string, delivery: Delivery): void {
    const topic = target.topic ?? '';
    if (target.fanout) {
      this.bus.publishFanout(exchange, topic, delivery);
      return;
    }
    const key = target.server === undefined ? topic : `${topic}.${target.server}`;
    // Unroutable, as a topic exchange drops it; a waiting caller times out.
    if (!this.bus.publish(exchange, key, delivery)) {
      this.logger.debug('memory:// message dropped: no queue bound', { exchange, routingKey: key, msgId: delivery.id });
    }
  }

  private awaitReply(id: string, options: SendOptions): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const timers: NodeJS.Timeout[] = [];
      let monitor: NodeJS.Timeout | undefined;
      const settle = (): void => {
        for (const timer of timers) clearTimeout(timer);
        if (monitor) clearTimeout(monitor);
        this.pending.delete(id);
        this.heartbeats.delete(id);
      };
      this.pending.set(id, {
        resolve: (reply) => {
          settle();
          resolve(reply);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      if (options.timeoutMs !== undefined) {
        timers.push(setTimeout(() => this.pending.get(id)?.reject(new MessagingTimeout(id)), options.timeoutMs));
      }
      const monitorMs = options.callMonitorTimeoutMs;
      if (monitorMs !== undefined) {
        const arm = (): void => {
          if (monitor) clearTimeout(monitor);
          monitor = setTimeout(() => this.pending.get(id)?.reject(new MessagingTimeout(id, `no call-monitor heartbeat within ${monitorMs} ms`)), monitorMs);
        };
        arm();
        this.heartbeats.set(id, arm);
      }
    });
  }

  async listen(target: Target, onMessage: IncomingHandler): Promise<Listener> {
    this.assertOpen();
    if (target.topic === undefined || target.server === undefined) {
      throw new InvalidTarget('A server target must name a topic and a server', target);
    }
    const cancel = this.bus.consume(target.exchange ?? this.controlExchange, target.topic, target.server, (delivery) => onMessage(incoming(delivery)));
    let stopped = false;
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      cancel();
      this.listeners.delete(stop);
    };
    this.listeners.add(stop);
    return { stop: async () => stop() };
  }

  async cleanup(): Promise<void> {
    this.closed = true;
    for (const stop of [...this.listeners]) stop();
    for (const call of [...this.pending.values()])
      call.reject(new TransportClosed('The memory:// transport was cleaned up while the call waited for its reply'));
  }

  private assertOpen(): void {
    if (this.closed) throw new TransportClosed('The memory:// transport is cleaned up; build a new one with getRpcTransport()');
  }
}

function incoming(delivery: Delivery): IncomingMessage {
  let replied = false;
  const channel = delivery.replyTo;
  const message: IncomingMessage = {
    context: delivery.context,
    message: delivery.message,
    expectsReply: channel !== undefined,
    id: delivery.id,
    async reply(reply) {
      if (replied || !channel) return;
      channel.reply(reply);
      replied = true;
    },
    async heartbeat() {
      if (!replied) channel?.heartbeat();
    },
  };
  return delivery.callMonitorTimeoutMs === undefined ? message : { ...message, callMonitorTimeoutMs: delivery.callMonitorTimeoutMs };
}
