import type { Channel, Message } from 'amqplib';

/** How long a received message may stay unacknowledged. */
const ACK_DELAY_MS = 20;
/** Most unacknowledged messages without a prefetch limit. */
const ACK_BATCH = 256;

/**
 * Acknowledges the deliveries of one channel in batches: one `basic.ack`
 * with `multiple` every {@link ACK_DELAY_MS} ms or every batch, instead of a
 * frame (and a socket write) per message on the path of every call. Every
 * delivery on the channel counts as handled on receipt, as oslo.messaging
 * acknowledges before dispatching, so "all up to the latest" is exact. With
 * a prefetch limit the batch is half of it, so the broker never waits on us.
 * A redelivery of messages whose ack was lost with the connection is dropped
 * by the receivers' `_unique_id` check.
 */
export class AckBatcher {
  private latest: Message | undefined;
  private pending = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly batch: number;

  constructor(
    private readonly channel: Channel,
    prefetch: number,
  ) {
    this.batch = prefetch > 0 ? Math.max(1, Math.floor(prefetch / 2)) : ACK_BATCH;
  }

  ack(message: Message): void {
    this.latest = message;
    this.pending += 1;
    if (this.pending >= this.batch) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), ACK_DELAY_MS);
  }

  /** Acknowledges everything received so far (before closing the channel). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const message = this.latest;
    this.latest = undefined;
    this.pending = 0;
    if (message === undefined) return;
    try {
      this.channel.ack(message, true);
    } catch {
      // The channel closed: the broker requeues the deliveries, the
      // receivers' duplicate check drops those already handled.
    }
  }
}
