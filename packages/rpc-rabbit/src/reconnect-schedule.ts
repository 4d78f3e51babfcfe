import type { BrokerEndpoint } from './broker-endpoints.js';
import type { RabbitOptions } from './options.js';

/**
 * Which broker to try next and how long to wait, after oslo.messaging and
 * kombu: hosts in round-robin (or random) order, the next host tried at once
 * after a failure, and a delay growing by `rabbit_retry_backoff` from
 * `rabbit_retry_interval` up to `rabbit_interval_max` once every host has
 * failed in a row. Unlike kombu, a lost connection is followed by the next
 * host, not the one just lost: a node that froze or vanished from the
 * network still accepts TCP connections (or drops them silently), and
 * trying it first would cost a whole connect timeout before failing over.
 */
export class ReconnectSchedule {
  private index: number;
  private failuresInRow = 0;
  private rounds = 0;

  constructor(
    private readonly hostCount: number,
    private readonly options: Pick<RabbitOptions, 'kombu_failover_strategy' | 'rabbit_retry_interval' | 'rabbit_retry_backoff' | 'rabbit_interval_max'>,
  ) {
    // As oslo.messaging shuffles the host list, clients spread over a cluster.
    this.index = hostCount > 1 ? Math.floor(Math.random() * hostCount) : 0;
  }

  nextEndpoint(endpoints: readonly BrokerEndpoint[]): BrokerEndpoint {
    const endpoint = endpoints[this.index % endpoints.length];
    if (endpoint === undefined) throw new Error('no broker endpoints');
    return endpoint;
  }

  succeeded(): void {
    this.failuresInRow = 0;
    this.rounds = 0;
  }

  /** The connection to the current host was lost: the next attempt goes to another host. */
  lost(): void {
    this.advance();
  }

  /** Moves to the next host; returns the delay (ms) before trying it. */
  failed(): number {
    this.failuresInRow += 1;
    this.advance();
    if (this.failuresInRow % this.hostCount !== 0) return 0;
    const seconds = Math.min(this.options.rabbit_retry_interval + this.rounds * this.options.rabbit_retry_backoff, this.options.rabbit_interval_max);
    this.rounds += 1;
    return seconds * 1000;
  }

  private advance(): void {
    this.index =
      this.options.kombu_failover_strategy === 'shuffle' && this.hostCount > 1
        ? (this.index + 1 + Math.floor(Math.random() * (this.hostCount - 1))) % this.hostCount
        : (this.index + 1) % this.hostCount;
  }
}
