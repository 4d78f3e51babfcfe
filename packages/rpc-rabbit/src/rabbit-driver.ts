import { randomUUID } from 'node:crypto';
import type { Logger } from '@net-server/lib';
import {
  InvalidTarget,
  type Driver,
  type DriverOptions,
  type IncomingHandler,
  type Listener,
  type Reply,
  type RequestContext,
  type RequestMessage,
  type SendOptions,
  type Target,
  type TransportUrl,
} from '@net-server/rpc';
import { brokerEndpoints, urlSecrets } from './broker-endpoints.js';
import { encodeEnvelope, type WireMessage } from './envelope.js';
import { DriverClosed, UnserializableMessage } from './errors.js';
import { ManagedConnection } from './managed-connection.js';
import { parseRabbitOptions, type RabbitOptions } from './options.js';
import { Publisher } from './publisher.js';
import { Replier } from './replier.js';
import { ReplyWaiter } from './reply-waiter.js';
import { ServerListener } from './server-listener.js';
import { fanoutExchange, topicExchange, type ExchangeSpec } from './topology.js';
import { buildRequest, newId } from './wire-format.js';

function encode(wire: WireMessage, what: string): Buffer {
  try {
    return encodeEnvelope(wire);
  } catch (error) {
    throw new UnserializableMessage(
      `Cannot encode ${what} as JSON: ${error instanceof Error ? error.message : String(error)}. ` +
        'Arguments and context must be JSON values (no cycles, BigInt or functions).',
    );
  }
}

function withTopic(target: Target, what: string): Target & { topic: string } {
  if (target.topic === undefined || target.topic === '') throw new InvalidTarget(`A target without a topic cannot be used to ${what}`, target);
  return target as Target & { topic: string };
}

/**
 * oslo.messaging's AMQP driver over amqplib. Two connections, as RabbitMQ
 * advises: one publishes (requests, casts, replies), the other consumes (the
 * reply queue and the RPC servers' queues); both reconnect on their own.
 */
export class RabbitDriver implements Driver {
  readonly options: RabbitOptions;
  private readonly logger: Logger;
  private readonly sending: ManagedConnection;
  private readonly listening: ManagedConnection;
  private readonly publisher: Publisher;
  private readonly replier: Replier;
  private readonly waiter: ReplyWaiter;
  private readonly listeners = new Set<ServerListener>();
  private closed = false;

  constructor(
    url: TransportUrl,
    private readonly driverOptions: DriverOptions,
  ) {
    const { options, unknownQueryKeys } = parseRabbitOptions(driverOptions.options, url.query);
    this.options = options;
    this.logger = driverOptions.logger.child({ transport: url.toString() });
    if (unknownQueryKeys.length > 0) {
      this.logger.warn('Ignoring unknown transport_url query options', { options: unknownQueryKeys });
    }
    const secrets = urlSecrets(url);
    const name = `${options.processname}:${process.pid}:${randomUUID()}`;
    const connection = (purpose: string): ManagedConnection => {
      const connectionName = `${name}:${purpose}`;
      return new ManagedConnection(connectionName, brokerEndpoints(url, options, connectionName), options, this.logger, secrets);
    };
    this.sending = connection('send');
    this.listening = connection('listen');
    this.publisher = new Publisher(this.sending, this.logger);
    this.replier = new Replier(this.publisher, options, this.logger);
    this.waiter = new ReplyWaiter(this.listening, options, this.logger);
  }

  // A process sends to a handful of exchanges: their specs are built once.
  private readonly topicExchanges = new Map<string, ExchangeSpec>();
  private readonly fanoutExchanges = new Map<string, ExchangeSpec>();

  private topicExchange(name: string): ExchangeSpec {
    let spec = this.topicExchanges.get(name);
    if (spec === undefined) {
      spec = topicExchange(name, this.options);
      this.topicExchanges.set(name, spec);
    }
    return spec;
  }

  private fanoutExchange(topic: string): ExchangeSpec {
    let spec = this.fanoutExchanges.get(topic);
    if (spec === undefined) {
      spec = fanoutExchange(topic);
      this.fanoutExchanges.set(topic, spec);
    }
    return spec;
  }

  /** This driver's reply queue. */
  get replyQueue(): string {
    return this.waiter.queue.name;
  }

  async send(target: Target, context: RequestContext, message: RequestMessage, options: SendOptions): Promise<Reply | undefined> {
    if (this.closed) throw new DriverClosed('sending');
    const topicTarget = withTopic(target, options.waitForReply ? 'call' : 'cast');
    if (options.waitForReply && target.fanout) throw new InvalidTarget('A call cannot be sent to a fanout target', target);
    const timeoutMs = options.timeoutMs ?? this.options.rpc_response_timeout * 1000;
    const deadline = Date.now() + timeoutMs;
    const exchange = target.fanout ? this.fanoutExchange(topicTarget.topic) : this.topicExchange(target.exchange ?? this.driverOptions.controlExchange);
    const routingKey = target.fanout ? '' : target.server === undefined ? topicTarget.topic : `${topicTarget.topic}.${target.server}`;
    if (!options.waitForReply) {
      const uniqueId = newId();
      const body = encode(buildRequest(message, context, undefined, uniqueId), `the cast of ${message.method}`);
      const what = `${target.fanout ? 'FANOUT' : 'CAST'} unique_id ${uniqueId}`;
      this.logger.debug(what, { exchange: exchange.name, routingKey, method: message.method });
      await this.publisher.publish({ exchange, routingKey, body, deadline, what });
      return undefined;
    }
    const msgId = newId();
    const what = `CALL msg_id ${msgId}`;
    await this.waiter.ready(deadline, what);
    const monitorMs = options.callMonitorTimeoutMs;
    const call = { msgId, replyQueue: this.waiter.queue.name, monitorTimeout: monitorMs === undefined ? null : monitorMs / 1000 };
    const body = encode(buildRequest(message, context, call, newId()), `the call of ${message.method}`);
    const reply = this.waiter.expect(msgId, Math.max(0, deadline - Date.now()), monitorMs);
    this.logger.debug(what, { exchange: exchange.name, routingKey, method: message.method });
    // The reply settles the call: a publish that fails ends it with its error, and the
    // call ends at its timeout even while the publish is still retrying.
    this.publisher
      .publish({ exchange, routingKey, body, expirationMs: timeoutMs, deadline, what })
      .catch((error: unknown) => this.waiter.fail(msgId, error instanceof Error ? error : new Error(String(error))));
    return await reply;
  }

  async listen(target: Target, onMessage: IncomingHandler): Promise<Listener> {
    if (this.closed) throw new DriverClosed('starting an RPC server');
    const topicTarget = withTopic(target, 'listen');
    const listener = new ServerListener(
      topicTarget,
      target.exchange ?? this.driverOptions.controlExchange,
      this.options,
      this.listening,
      this.replier,
      onMessage,
      this.logger,
    );
    const deadline = Date.now() + this.options.rpc_response_timeout * 1000;
    try {
      await this.listening.use(listener);
      for (;;) {
        const connection = await this.listening.ready(deadline, `starting an RPC server on ${target.toString()}`);
        if (listener.attachedTo === connection) break;
        if (listener.failure !== undefined) throw listener.failure;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } catch (error) {
      await listener.stop();
      throw error;
    }
    this.listeners.add(listener);
    this.logger.info('RPC server consuming', { target: target.toString(), queues: listener.queueNames });
    return {
      stop: async () => {
        this.listeners.delete(listener);
        await listener.stop();
      },
    };
  }

  async cleanup(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.waiter.close(new DriverClosed('waiting for a reply'));
    await Promise.all([...this.listeners].map((listener) => listener.stop()));
    this.listeners.clear();
    await Promise.all([this.sending.close(), this.listening.close()]);
  }
}
