import type { Channel, Message } from 'amqplib';

/**
 * Acknowledges deliveries of one channel in batches: one `basic.ack` with
 * `multiple` for everything received during an event-loop turn, written
 * after the turn's work (dispatching, replying) instead of before it. Every
 * delivery on the channel is acknowledged on receipt, as oslo.messaging
 * does, so acknowledging "all up to the latest" is exact; a redelivery
 * caused by an ack lost with the connection is caught by `_unique_id`.
 */
export class AckBatcher {
  private latest: Message | undefined;
  private scheduled = false;

  constructor(private readonly channel: Channel) {}

  ack(message: Message): void {
    this.latest = message;
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const message = this.latest;
    this.latest = undefined;
    if (message === undefined) return;
    try {
      this.channel.ack(message, true);
    } catch {
      // The channel closed: the broker requeues the deliveries, the
      // receivers' duplicate check drops those already handled.
    }
  }
}
