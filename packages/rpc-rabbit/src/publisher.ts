import type { Logger } from '@net-server/lib';
import type { ChannelModel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { MessageDeliveryFailure, MessageUndeliverable, TopologyMismatch } from './errors.js';
import type { ManagedConnection } from './managed-connection.js';
import type { ExchangeSpec } from './topology.js';
import { WriteCoalescer } from './write-coalescer.js';

export interface PublishRequest {
  /** Declared (once per channel) before publishing; `undefined` is the default exchange. */
  exchange: ExchangeSpec | undefined;
  routingKey: string;
  body: Buffer;
  /** Per-message TTL in ms (oslo sets it on calls). */
  expirationMs?: number;
  /** Have the broker return the message when no queue takes it (replies). */
  mandatory?: boolean;
  /** Give up (MessageDeliveryFailure) when not confirmed by then, epoch ms. */
  deadline: number;
  /** For errors and logs, e.g. `CALL msg_id 1234`. */
  what: string;
}

interface ReturnFields {
  routingKey: string;
  replyCode?: number;
  replyText?: string;
}

// oslo's message properties; amqplib only reads them, so casts and replies
// share these instead of building them per message.
const PLAIN: Readonly<Options.Publish> = Object.freeze({
  contentType: 'application/json',
  contentEncoding: 'utf-8',
  persistent: true,
  priority: 0,
  headers: Object.freeze({}),
  mandatory: false,
});
const MANDATORY: Readonly<Options.Publish> = Object.freeze({ ...PLAIN, mandatory: true });

/** How often deadlines of unconfirmed publishes are checked. */
const SWEEP_MS = 100;

interface Expiring {
  deadline: number;
  expire(): void;
}

interface Pending {
  body: Buffer;
  returned?: string;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Keeps a retry loop from spinning while a dead channel is noticed. */
function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}

function isPreconditionFailure(error: unknown): boolean {
  return (error as { code?: unknown }).code === 406;
}

/**
 * Publishes with publisher confirms, as oslo.messaging's `confirm_publish`:
 * a publish resolves once the broker has taken the message, and is retried
 * on the next connection when the channel died before the confirm (a
 * duplicate is dropped by the receiver's `_unique_id` check). The channel
 * is opened lazily on whatever connection is live.
 */
export class Publisher {
  private channelPromise: Promise<ConfirmChannel> | undefined;
  private channelConnection: ChannelModel | undefined;
  /** The open channel, for the common case that needs no waiting. */
  private openChannel: ConfirmChannel | undefined;
  private declared = new Set<string>();
  private readonly returns = new Map<string, Pending[]>();
  private drained: Promise<void> | undefined;
  /** Waits that must end at their message's deadline; one timer checks them all. */
  private readonly expiring = new Set<Expiring>();
  private sweeper: NodeJS.Timeout | undefined;
  private readonly coalescer = new WriteCoalescer();

  constructor(
    private readonly connection: ManagedConnection,
    private readonly logger: Logger,
  ) {}

  private open(connection: ChannelModel): void {
    this.channelConnection = connection;
    this.openChannel = undefined;
    this.declared = new Set();
    const opening = connection.createConfirmChannel().then((channel) => {
      channel.on('error', (error: unknown) => {
        this.logger.warn('AMQP publish channel error', { connection: this.connection.name, error: describe(error) });
      });
      channel.on('return', (message: ConsumeMessage) => this.onReturn(message));
      channel.once('close', () => {
        if (this.channelPromise === opening) this.channelPromise = undefined;
        if (this.openChannel === channel) this.openChannel = undefined;
      });
      if (this.channelPromise === opening) this.openChannel = channel;
      return channel;
    });
    opening.catch(() => undefined);
    this.channelPromise = opening;
  }

  private onReturn(message: ConsumeMessage): void {
    // amqplib hands a basic.return's fields through the delivery type.
    const fields = message.fields as unknown as ReturnFields;
    const pending = this.returns.get(fields.routingKey)?.find((entry) => entry.returned === undefined && entry.body.equals(message.content));
    if (pending !== undefined) pending.returned = `${String(fields.replyCode)} ${String(fields.replyText)}`;
  }

  private async channel(deadline: number, what: string): Promise<ConfirmChannel> {
    for (;;) {
      const connection = await this.connection.ready(deadline, what);
      if (this.channelPromise === undefined || this.channelConnection !== connection) this.open(connection);
      try {
        return await (this.channelPromise as Promise<ConfirmChannel>);
      } catch (error) {
        this.channelPromise = undefined;
        if (Date.now() >= deadline) throw new MessageDeliveryFailure(`Could not open an AMQP channel while ${what}: ${describe(error)}`);
        await pause();
      }
    }
  }

  private async declare(channel: ConfirmChannel, exchange: ExchangeSpec): Promise<void> {
    if (this.declared.has(exchange.name)) return;
    try {
      await channel.assertExchange(exchange.name, exchange.type, exchange.options);
    } catch (error) {
      if (isPreconditionFailure(error)) {
        throw new TopologyMismatch(
          `Exchange "${exchange.name}" exists with other flags than ${JSON.stringify({ type: exchange.type, ...exchange.options })}: ` +
            `${describe(error)}. Align amqp_durable_queues / amqp_auto_delete with the other services or delete the exchange.`,
        );
      }
      throw error;
    }
    this.declared.add(exchange.name);
  }

  publish(request: PublishRequest): Promise<void> {
    // Most publishes find the channel open, the exchange declared and the
    // socket taking frames: their only promise is the confirm's.
    const channel = this.readyChannel(request);
    if (channel === undefined) return this.publishRetrying(request, undefined);
    return this.attempt(channel, request).then(undefined, (error: unknown) => this.retryAfter(request, error));
  }

  /** The open channel when `request` can go out on it at once. */
  private readyChannel(request: PublishRequest): ConfirmChannel | undefined {
    if (this.openChannel === undefined || this.channelConnection !== this.connection.connection || this.drained !== undefined) return undefined;
    if (request.exchange !== undefined && !this.declared.has(request.exchange.name)) return undefined;
    return this.openChannel;
  }

  private async retryAfter(request: PublishRequest, error: unknown): Promise<void> {
    if (error instanceof MessageDeliveryFailure || error instanceof MessageUndeliverable) throw error;
    this.logger.debug('Publish not confirmed; retrying', { what: request.what, error: describe(error) });
    await pause();
    return this.publishRetrying(request, error);
  }

  /** Publishes until confirmed, on whatever channel and connection are live, until the request's deadline. */
  private async publishRetrying(request: PublishRequest, failure: unknown): Promise<void> {
    let lastError = failure;
    while (Date.now() < request.deadline) {
      let channel: ConfirmChannel;
      try {
        channel = this.readyChannel(request) ?? (await this.channel(request.deadline, request.what));
        if (request.exchange !== undefined && !this.declared.has(request.exchange.name)) await this.declare(channel, request.exchange);
        await this.drain(request);
      } catch (error) {
        if (error instanceof MessageDeliveryFailure || error instanceof TopologyMismatch) throw error;
        lastError = error;
        await pause();
        continue;
      }
      try {
        await this.attempt(channel, request);
        return;
      } catch (error) {
        if (error instanceof MessageDeliveryFailure || error instanceof MessageUndeliverable) throw error;
        lastError = error;
        this.logger.debug('Publish not confirmed; retrying', { what: request.what, error: describe(error) });
        await pause();
      }
    }
    throw new MessageDeliveryFailure(
      `Could not publish ${request.what} to ${request.exchange?.name ?? '(default exchange)'}/${request.routingKey} before its deadline` +
        (lastError === undefined ? '' : `: ${describe(lastError)}`) +
        '. Check the broker and the connection.',
    );
  }

  /** Waits while the socket is full (amqplib said so), bounded by the request's deadline. */
  private async drain(request: PublishRequest): Promise<void> {
    while (this.drained !== undefined) {
      const drained = this.drained;
      await this.bounded(request, (resolve) => void drained.then(resolve));
    }
  }

  /**
   * One publish on `channel`, settled by its confirm: MessageUndeliverable
   * when the broker returned it (mandatory), MessageDeliveryFailure at the
   * deadline (a blocked connection neither confirms nor closes).
   */
  private attempt(channel: ConfirmChannel, request: PublishRequest): Promise<void> {
    const base = request.mandatory === true ? MANDATORY : PLAIN;
    const properties = request.expirationMs === undefined ? base : { ...base, expiration: String(Math.max(0, Math.round(request.expirationMs))) };
    const confirmed = this.bounded(request, (resolve, reject) => {
      const accepted = channel.publish(request.exchange?.name ?? '', request.routingKey, request.body, properties, (error) => {
        if (error === null || error === undefined) resolve();
        else reject(error instanceof Error ? error : new Error(String(error)));
      });
      if (this.channelConnection !== undefined) this.coalescer.hold(this.channelConnection);
      if (!accepted) this.watchDrain(channel);
    });
    if (request.mandatory !== true) return confirmed;
    // The broker sends a basic.return before the confirm of the same message.
    const pending: Pending = { body: request.body };
    this.track(request.routingKey, pending);
    return confirmed
      .finally(() => this.untrack(request.routingKey, pending))
      .then(() => {
        if (pending.returned !== undefined) throw new MessageUndeliverable(request.routingKey, pending.returned);
      });
  }

  private watchDrain(channel: ConfirmChannel): void {
    this.drained ??= new Promise<void>((release) => {
      const done = (): void => {
        channel.off('drain', done);
        channel.off('close', done);
        this.drained = undefined;
        release();
      };
      channel.on('drain', done);
      channel.on('close', done);
    });
  }

  /** A wait that fails with MessageDeliveryFailure once the request's deadline has passed. */
  private bounded(request: PublishRequest, start: (resolve: () => void, reject: (error: Error) => void) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const entry: Expiring = {
        deadline: request.deadline,
        expire: () =>
          reject(new MessageDeliveryFailure(`The broker did not take ${request.what} before its deadline (connection blocked or flow-controlled?)`)),
      };
      this.expiring.add(entry);
      this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS).unref();
      try {
        start(
          () => {
            this.expiring.delete(entry);
            resolve();
          },
          (error) => {
            this.expiring.delete(entry);
            reject(error);
          },
        );
      } catch (error) {
        this.expiring.delete(entry);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private sweep(): void {
    const now = Date.now();
    for (const entry of this.expiring) {
      if (entry.deadline > now) continue;
      this.expiring.delete(entry);
      entry.expire();
    }
    if (this.expiring.size === 0) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  private track(routingKey: string, pending: Pending): void {
    const list = this.returns.get(routingKey);
    if (list === undefined) this.returns.set(routingKey, [pending]);
    else list.push(pending);
  }

  private untrack(routingKey: string, pending: Pending): void {
    const list = this.returns.get(routingKey);
    if (list === undefined) return;
    const index = list.indexOf(pending);
    if (index >= 0) list.splice(index, 1);
    if (list.length === 0) this.returns.delete(routingKey);
  }
}
