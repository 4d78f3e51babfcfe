import type { Options } from 'amqplib';
import type { RabbitOptions } from './options.js';

/**
 * The exchanges and queues of oslo.messaging's rabbit driver, with the same
 * names, types, flags and arguments, so that Python peers and this driver
 * share them (declaring an existing queue with other flags is an error on
 * the broker).
 */
export interface ExchangeSpec {
  name: string;
  type: 'topic' | 'fanout';
  options: Options.AssertExchange;
}

export interface QueueSpec {
  name: string;
  options: Options.AssertQueue;
  /** Binding to create, if any. */
  bind?: { exchange: ExchangeSpec; routingKey: string };
}

function durable(options: RabbitOptions): boolean {
  return options.amqp_durable_queues || options.rabbit_quorum_queue;
}

function queueArguments(options: RabbitOptions, transient: boolean): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  if (options.rabbit_ha_queues) args['x-ha-policy'] = 'all';
  if (options.rabbit_quorum_queue && !transient) args['x-queue-type'] = 'quorum';
  if (transient) args['x-expires'] = options.rabbit_transient_queues_ttl * 1000;
  return args;
}

export function topicExchange(name: string, options: RabbitOptions): ExchangeSpec {
  return { name, type: 'topic', options: { durable: durable(options), autoDelete: options.amqp_auto_delete } };
}

export function fanoutExchangeName(topic: string): string {
  return `${topic}_fanout`;
}

export function fanoutExchange(topic: string): ExchangeSpec {
  return { name: fanoutExchangeName(topic), type: 'fanout', options: { durable: false, autoDelete: true } };
}

/** `T` or `T.S` on the control exchange, shared by every server of the topic. */
export function topicQueue(exchange: ExchangeSpec, routingKey: string, options: RabbitOptions): QueueSpec {
  return {
    name: routingKey,
    options: { durable: durable(options), autoDelete: options.amqp_auto_delete, exclusive: false, arguments: queueArguments(options, false) },
    bind: { exchange, routingKey },
  };
}

/** `T_fanout_<id>`: this server's copy of the topic's fanout messages. */
export function fanoutQueue(topic: string, uniqueId: string, options: RabbitOptions): QueueSpec {
  return {
    name: `${fanoutExchangeName(topic)}_${uniqueId}`,
    options: { durable: false, autoDelete: false, exclusive: false, arguments: queueArguments(options, true) },
    bind: { exchange: fanoutExchange(topic), routingKey: topic },
  };
}

/** `reply_<id>`: one per driver, replies arrive through the default exchange. */
export function replyQueue(uniqueId: string, options: RabbitOptions): QueueSpec {
  return {
    name: `reply_${uniqueId}`,
    options: { durable: false, autoDelete: false, exclusive: false, arguments: queueArguments(options, true) },
  };
}
