import type { Logger } from '@net-server/lib';
import { MessagingTimeout, type Reply } from '@net-server/rpc';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { AckBatcher } from './ack-batcher.js';
import { BadEnvelope, decodeEnvelope } from './envelope.js';
import type { ConnectionUser, ManagedConnection } from './managed-connection.js';
import type { RabbitOptions } from './options.js';
import { SeenIds } from './seen-ids.js';
import { replyQueue, type QueueSpec } from './topology.js';
import { newId, readReply } from './wire-format.js';

interface PendingCall {
  resolve(reply: Reply): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  monitorMs: number | undefined;
  monitorTimer: NodeJS.Timeout | undefined;
  /** A result or failure that came before the final (`ending`) reply. */
  early: Reply | undefined;
}

/**
 * The caller's side of calls: one `reply_<uuid>` queue per driver, declared
 * on the first call and again after every reconnect, and the calls waiting
 * on it, matched by `_msg_id`. Each call ends with its reply, with
 * MessagingTimeout at its deadline or when call-monitor heartbeats stop, or
 * with an error when the driver is cleaned up.
 */
export class ReplyWaiter implements ConnectionUser {
  readonly queue: QueueSpec;
  private readonly calls = new Map<string, PendingCall>();
  private readonly seen = new SeenIds(1024);
  private registration: Promise<void> | undefined;
  private readyOn: ChannelModel | undefined;
  private channel: Channel | undefined;
  private acks: AckBatcher | undefined;

  constructor(
    private readonly connection: ManagedConnection,
    options: RabbitOptions,
    private readonly logger: Logger,
  ) {
    this.queue = replyQueue(newId(), options);
  }

  async attach(connection: ChannelModel): Promise<void> {
    const channel = await connection.createChannel();
    channel.on('error', (error: unknown) => {
      this.logger.warn('AMQP reply channel error', { queue: this.queue.name, error: error instanceof Error ? error.message : String(error) });
    });
    channel.once('close', () => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      this.readyOn = undefined;
      // The channel died on a live connection (e.g. the queue was deleted):
      // set it up again rather than lose every later reply.
      if (this.connection.connection === connection) {
        this.attach(connection).catch((error: unknown) => {
          // The whole connection went down with the channel: the reconnect declares the queue again.
          if (this.connection.connection !== connection) return;
          this.logger.error('Re-creating the reply consumer failed; reconnecting', { queue: this.queue.name, error: String(error) });
          void connection.close().catch(() => undefined);
        });
      }
    });
    await channel.assertQueue(this.queue.name, this.queue.options);
    const acks = new AckBatcher(channel, 0);
    await channel.consume(this.queue.name, (message) => {
      if (message === null) {
        // The broker cancelled the consumer (the queue was deleted): closing
        // the channel declares the queue and consumes it again.
        this.logger.warn('The broker cancelled the reply consumer; declaring the reply queue again', { queue: this.queue.name });
        void channel.close().catch(() => undefined);
        return;
      }
      acks.ack(message);
      this.onReply(message);
    });
    this.channel = channel;
    this.acks = acks;
    this.readyOn = connection;
  }

  /** Makes sure the reply queue exists and is consumed on the live connection. */
  async ready(deadline: number, what: string): Promise<void> {
    if (this.readyOn !== undefined && this.readyOn === this.connection.connection) return;
    this.registration ??= this.connection.use(this).catch((error: unknown) => {
      this.registration = undefined;
      this.connection.release(this);
      throw error;
    });
    await this.registration;
    for (;;) {
      const connection = await this.connection.ready(deadline, what);
      if (this.readyOn === connection) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Starts waiting for `msgId` (before the request is published, so that no
   * reply can be missed). The promise settles exactly once.
   */
  expect(msgId: string, timeoutMs: number, monitorMs: number | undefined): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => this.expire(msgId), timeoutMs);
      const call: PendingCall = { resolve, reject, timer, monitorMs, monitorTimer: undefined, early: undefined };
      if (monitorMs !== undefined) call.monitorTimer = setTimeout(() => this.expire(msgId, 'no call-monitor heartbeat'), monitorMs);
      this.calls.set(msgId, call);
    });
  }

  /** Ends the wait for `msgId` with `error` (its request could not be sent), unless it already ended. */
  fail(msgId: string, error: Error): void {
    const call = this.calls.get(msgId);
    if (call === undefined) return;
    this.clear(msgId, call);
    call.reject(error);
  }

  private clear(msgId: string, call: PendingCall): void {
    clearTimeout(call.timer);
    clearTimeout(call.monitorTimer);
    this.calls.delete(msgId);
  }

  private expire(msgId: string, detail?: string): void {
    const call = this.calls.get(msgId);
    if (call === undefined) return;
    this.clear(msgId, call);
    call.reject(new MessagingTimeout(msgId, detail));
  }

  private onReply(message: ConsumeMessage): void {
    let wire;
    try {
      wire = decodeEnvelope(message.content);
    } catch (error) {
      this.logger.warn('Dropping unreadable reply', {
        queue: this.queue.name,
        reason: error instanceof BadEnvelope ? error.code : String(error),
        detail: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    const uniqueId = wire['_unique_id'];
    if (typeof uniqueId === 'string' && !this.seen.add(uniqueId)) {
      this.logger.debug('Dropping duplicate reply', { uniqueId });
      return;
    }
    const reply = readReply(wire);
    const call = reply.msgId === undefined ? undefined : this.calls.get(reply.msgId);
    if (reply.msgId === undefined || call === undefined) {
      this.logger.debug('No call waiting for this reply; dropping it', { msgId: reply.msgId, queue: this.queue.name });
      return;
    }
    if (reply.failure !== undefined) call.early = { failure: reply.failure };
    else if (reply.result !== null) call.early = { result: reply.result };
    else if (!reply.ending) {
      if (call.monitorMs !== undefined) {
        clearTimeout(call.monitorTimer);
        const msgId = reply.msgId;
        call.monitorTimer = setTimeout(() => this.expire(msgId, 'no call-monitor heartbeat'), call.monitorMs);
      }
      return;
    }
    if (!reply.ending) return;
    this.clear(reply.msgId, call);
    call.resolve(call.early ?? { result: null });
  }

  /**
   * Ends every waiting call with `error` and deletes the reply queue: no one
   * will read what still arrives there.
   */
  async close(error: Error): Promise<void> {
    for (const [msgId, call] of [...this.calls]) {
      this.clear(msgId, call);
      call.reject(error);
    }
    this.connection.release(this);
    const channel = this.channel;
    this.channel = undefined;
    this.readyOn = undefined;
    if (channel === undefined) return;
    this.acks?.flush();
    try {
      await channel.deleteQueue(this.queue.name);
      await channel.close();
    } catch (failure) {
      this.logger.debug('Deleting the reply queue failed', { queue: this.queue.name, error: String(failure) });
    }
  }
}
