import type { Reply, RequestContext, RequestMessage } from '../driver.js';

/**
 * The in-process message bus behind memory://, modelled on the rabbit
 * topology so both drivers behave alike: per exchange, a queue per topic
 * (shared by the topic's servers, round-robin) and per `topic.server`, both
 * surviving their consumers and keeping messages until one comes back; and a
 * fanout per topic that reaches the servers listening at the time.
 */
export interface ReplyChannel {
  reply(reply: Reply): void;
  heartbeat(): void;
}

export interface Delivery {
  context: RequestContext;
  message: RequestMessage;
  id: string;
  /** Present on calls. */
  replyTo?: ReplyChannel;
  callMonitorTimeoutMs?: number;
}

export type Consumer = (delivery: Delivery) => void;

class MemoryQueue {
  private readonly consumers: Consumer[] = [];
  private readonly backlog: Delivery[] = [];
  private next = 0;

  deliver(delivery: Delivery): void {
    const consumer = this.pick();
    if (consumer) dispatchLater(consumer, delivery);
    else this.backlog.push(delivery);
  }

  add(consumer: Consumer): void {
    this.consumers.push(consumer);
    for (const delivery of this.backlog.splice(0)) this.deliver(delivery);
  }

  remove(consumer: Consumer): void {
    const index = this.consumers.indexOf(consumer);
    if (index >= 0) this.consumers.splice(index, 1);
  }

  private pick(): Consumer | undefined {
    if (this.consumers.length === 0) return undefined;
    const consumer = this.consumers[this.next % this.consumers.length];
    this.next = (this.next + 1) % this.consumers.length;
    return consumer;
  }
}

// Delivery is asynchronous, as over a broker: a sender never runs the
// receiver's code on its own stack. Microtasks keep that true under fake timers.
function dispatchLater(consumer: Consumer, delivery: Delivery): void {
  queueMicrotask(() => consumer(delivery));
}

class MemoryExchange {
  readonly queues = new Map<string, MemoryQueue>();
  readonly fanout = new Map<string, Set<Consumer>>();

  queue(name: string): MemoryQueue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new MemoryQueue();
      this.queues.set(name, queue);
    }
    return queue;
  }
}

export class MemoryBus {
  private readonly exchanges = new Map<string, MemoryExchange>();

  /** Publish to the queue bound as `routingKey` (`topic` or `topic.server`); dropped when none is. */
  publish(exchange: string, routingKey: string, delivery: Delivery): boolean {
    const queue = this.exchanges.get(exchange)?.queues.get(routingKey);
    if (!queue) return false;
    queue.deliver(delivery);
    return true;
  }

  /** Deliver to every server listening on `topic` now; returns how many. */
  publishFanout(exchange: string, topic: string, delivery: Delivery): number {
    const consumers = this.exchanges.get(exchange)?.fanout.get(topic);
    for (const consumer of consumers ?? []) dispatchLater(consumer, delivery);
    return consumers?.size ?? 0;
  }

  /** Consume `topic`, `topic.server` and the topic's fanout; returns the cancel function. */
  consume(exchange: string, topic: string, server: string, consumer: Consumer): () => void {
    const ex = this.exchange(exchange);
    const queues = [ex.queue(topic), ex.queue(`${topic}.${server}`)];
    let fanout = ex.fanout.get(topic);
    if (!fanout) {
      fanout = new Set();
      ex.fanout.set(topic, fanout);
    }
    const fanoutSet = fanout;
    for (const queue of queues) queue.add(consumer);
    fanoutSet.add(consumer);
    return () => {
      for (const queue of queues) queue.remove(consumer);
      fanoutSet.delete(consumer);
    };
  }

  private exchange(name: string): MemoryExchange {
    let exchange = this.exchanges.get(name);
    if (!exchange) {
      exchange = new MemoryExchange();
      this.exchanges.set(name, exchange);
    }
    return exchange;
  }
}

// One registry per process, even when several copies of this package are
// loaded (the entry-point loader imports the built entry, an embedder may
// import the source): transports built from one URL must meet on one bus.
const registryKey = Symbol.for('net-server.rpc.memory-buses');
type Registry = Map<string, MemoryBus>;

function registry(): Registry {
  const holder = globalThis as { [registryKey]?: Registry };
  holder[registryKey] ??= new Map();
  return holder[registryKey];
}

/** The bus for a memory:// URL (by its text, passwords masked). */
export function busFor(key: string): MemoryBus {
  const buses = registry();
  let bus = buses.get(key);
  if (!bus) {
    bus = new MemoryBus();
    buses.set(key, bus);
  }
  return bus;
}
