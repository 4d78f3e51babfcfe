import type { Logger } from '@net-server/lib';
import type { IncomingHandler, Listener, RemoteFailure, Target } from '@net-server/rpc';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { AckBatcher } from './ack-batcher.js';
import { BadEnvelope, decodeEnvelope, type WireMessage } from './envelope.js';
import { TopologyMismatch } from './errors.js';
import { RabbitIncomingMessage } from './incoming-message.js';
import type { ConnectionUser, ManagedConnection } from './managed-connection.js';
import type { RabbitOptions } from './options.js';
import type { Replier } from './replier.js';
import { SeenIds } from './seen-ids.js';
import { fanoutQueue, topicExchange, topicQueue, type ExchangeSpec, type QueueSpec } from './topology.js';
import { newId, readRequest, readRequestHeader, type RequestHeader } from './wire-format.js';

/** How many `_unique_id`s a listener remembers to drop redeliveries. */
const SEEN_IDS = 4096;
const DRIVER_MODULE = 'net_server.rpc_rabbit';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function driverFailure(className: string, module: string, message: string): RemoteFailure {
  return { class: className, module, message, tb: [], args: [message], kwargs: {} };
}

/**
 * An RPC server's consumers: queues `T` and `T.S` on the control exchange and
 * its own `T_fanout_<uuid>` queue, declared again with the same names after
 * every reconnect. Messages are acknowledged on receipt, as oslo.messaging
 * does, so a bad message is never redelivered forever; a redelivered good
 * one is recognised by its `_unique_id`.
 */
export class ServerListener implements ConnectionUser, Listener {
  private readonly exchange: ExchangeSpec;
  private readonly queues: QueueSpec[];
  private readonly seen = new SeenIds(SEEN_IDS);
  private channel: Channel | undefined;
  private acks: AckBatcher | undefined;
  private consumerTags: string[] = [];
  private stopped = false;
  /** The connection the consumers run on, once set up. */
  attachedTo: ChannelModel | undefined;
  /** Why the consumers could not be set up, when it is a configuration problem. */
  failure: TopologyMismatch | undefined;

  constructor(
    private readonly target: Target & { topic: string },
    exchangeName: string,
    private readonly options: RabbitOptions,
    private readonly connection: ManagedConnection,
    private readonly replier: Replier,
    private readonly onMessage: IncomingHandler,
    private readonly logger: Logger,
  ) {
    this.exchange = topicExchange(exchangeName, options);
    const topic = target.topic;
    this.queues = [topicQueue(this.exchange, topic, options)];
    if (target.server !== undefined) this.queues.push(topicQueue(this.exchange, `${topic}.${target.server}`, options));
    this.queues.push(fanoutQueue(topic, newId(), options));
  }

  /** Queue names, for logs and tests. */
  get queueNames(): string[] {
    return this.queues.map((queue) => queue.name);
  }

  async attach(connection: ChannelModel): Promise<void> {
    if (this.stopped) return;
    const channel = await connection.createChannel();
    const acks = new AckBatcher(channel, this.options.rabbit_qos_prefetch_count);
    const tags: string[] = [];
    channel.on('error', (error: unknown) => {
      this.logger.warn('AMQP consumer channel error', { topic: this.target.topic, error: describe(error) });
    });
    channel.once('close', () => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      this.attachedTo = undefined;
      if (!this.stopped && this.connection.connection === connection) {
        this.attach(connection).catch((error: unknown) => {
          // The whole connection went down with the channel: the reconnect sets the consumers up.
          if (this.connection.connection !== connection) return;
          this.logger.error('Re-creating the consumers failed; reconnecting', { topic: this.target.topic, error: describe(error) });
          void connection.close().catch(() => undefined);
        });
      }
    });
    try {
      if (this.options.rabbit_qos_prefetch_count > 0) await channel.prefetch(this.options.rabbit_qos_prefetch_count, false);
      await this.declare(channel);
      for (const queue of this.queues) {
        const { consumerTag } = await channel.consume(queue.name, (message) => {
          if (message === null) {
            // The broker cancelled the consumer (its queue was deleted):
            // closing the channel sets every queue and consumer up again.
            this.logger.warn('The broker cancelled a consumer; declaring the queues again', { queue: queue.name });
            void channel.close().catch(() => undefined);
            return;
          }
          // Acknowledged on receipt (as oslo does): a message that breaks
          // the handler must not come back forever.
          acks.ack(message);
          this.onDelivery(message);
        });
        tags.push(consumerTag);
      }
    } catch (error) {
      if (error instanceof TopologyMismatch) this.failure = error;
      await channel.close().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      // Stopped while the consumers were being set up.
      acks.flush();
      await channel.close().catch(() => undefined);
      return;
    }
    this.failure = undefined;
    this.channel = channel;
    this.acks = acks;
    this.consumerTags = tags;
    this.attachedTo = connection;
  }

  private async declare(channel: Channel): Promise<void> {
    let current = 'exchange ' + this.exchange.name;
    try {
      for (const queue of this.queues) {
        const exchange = queue.bind?.exchange ?? this.exchange;
        current = `exchange "${exchange.name}"`;
        await channel.assertExchange(exchange.name, exchange.type, exchange.options);
        current = `queue "${queue.name}"`;
        await channel.assertQueue(queue.name, queue.options);
        if (queue.bind !== undefined) await channel.bindQueue(queue.name, queue.bind.exchange.name, queue.bind.routingKey);
      }
    } catch (error) {
      if ((error as { code?: unknown }).code === 406) {
        throw new TopologyMismatch(
          `The broker refused to declare ${current} for ${this.target.toString()}: ${describe(error)}. ` +
            'It exists with other flags or arguments; align amqp_durable_queues, amqp_auto_delete, rabbit_ha_queues ' +
            'and rabbit_quorum_queue with the services sharing it, or delete it.',
        );
      }
      throw error;
    }
  }

  private onDelivery(delivery: ConsumeMessage): void {
    let wire: WireMessage;
    try {
      wire = decodeEnvelope(delivery.content);
    } catch (error) {
      const bad = error instanceof BadEnvelope ? error : new BadEnvelope('NotJson', describe(error));
      const header = bad.partial === undefined ? {} : readRequestHeader(bad.partial);
      const failure =
        bad.code === 'UnsupportedRpcEnvelopeVersion'
          ? driverFailure('UnsupportedRpcEnvelopeVersion', 'oslo_messaging._drivers.common', bad.message)
          : driverFailure('MalformedMessage', DRIVER_MODULE, `Malformed RPC message: ${bad.message}`);
      this.reject(delivery, header, bad.code, bad.message, failure);
      return;
    }
    const header = readRequestHeader(wire);
    if (header.uniqueId !== undefined && !this.seen.add(header.uniqueId)) {
      this.logger.warn('Ignoring duplicate message', { uniqueId: header.uniqueId, msgId: header.msgId, topic: this.target.topic });
      return;
    }
    let request;
    try {
      request = readRequest(wire);
    } catch (error) {
      const reason = describe(error);
      this.reject(delivery, header, 'BadRequest', reason, driverFailure('MalformedMessage', DRIVER_MODULE, `Malformed RPC message: ${reason}`));
      return;
    }
    const call = header.msgId !== undefined && header.replyQueue !== undefined ? { msgId: header.msgId, replyQueue: header.replyQueue } : undefined;
    const incoming = new RabbitIncomingMessage(
      request.context,
      request.message,
      header.msgId ?? header.uniqueId ?? `delivery-${delivery.fields.deliveryTag}`,
      call,
      header.monitorTimeout,
      this.replier,
    );
    try {
      this.onMessage(incoming);
    } catch (error) {
      this.logger.error('RPC message handler threw', { msgId: incoming.id, method: request.message.method, error });
      incoming
        .reply({ failure: driverFailure('MessagingServerError', 'oslo_messaging.server', `The RPC server failed to dispatch the message: ${describe(error)}`) })
        .catch(() => undefined);
    }
  }

  private reject(delivery: ConsumeMessage, header: RequestHeader, reason: string, detail: string, failure: RemoteFailure): void {
    const answered = header.msgId !== undefined && header.replyQueue !== undefined;
    this.logger.warn('Dropping malformed RPC message', {
      msgId: header.msgId,
      uniqueId: header.uniqueId,
      deliveryTag: delivery.fields.deliveryTag,
      exchange: delivery.fields.exchange,
      routingKey: delivery.fields.routingKey,
      reason,
      detail,
      answered,
    });
    if (header.msgId === undefined || header.replyQueue === undefined) return;
    const msgId = header.msgId;
    this.replier.send(msgId, header.replyQueue, { failure }).catch((error: unknown) => {
      this.logger.error('Could not answer a malformed message', { msgId, error: describe(error) });
    });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.connection.release(this);
    const channel = this.channel;
    this.channel = undefined;
    if (channel === undefined) return;
    const fanout = this.queues[this.queues.length - 1];
    try {
      for (const tag of this.consumerTags) await channel.cancel(tag);
      this.acks?.flush();
      // The fanout queue is this server's alone; the shared ones stay for the others.
      if (fanout !== undefined) await channel.deleteQueue(fanout.name);
      await channel.close();
    } catch (error) {
      this.logger.debug('Closing the consumer channel failed', { topic: this.target.topic, error: describe(error) });
    }
  }
}
