import type { Logger } from '@net-server/lib';
import type { Reply } from '@net-server/rpc';
import { encodeEnvelope } from './envelope.js';
import { MessageUndeliverable } from './errors.js';
import type { RabbitOptions } from './options.js';
import type { Publisher } from './publisher.js';
import { buildReply } from './wire-format.js';

/** How many gone reply queues to remember, and for how long (as oslo). */
const OBSOLETE_SIZE = 200;
const OBSOLETE_TTL_MS = 60_000;
const RETRY_PAUSE_MS = 250;

/**
 * The server's side of replies: published to the default exchange with the
 * caller's reply queue as routing key, mandatory, so that a missing queue
 * comes back as an error. A missing queue is retried for
 * `kombu_missing_consumer_retry_timeout` (the caller may be reconnecting)
 * and then logged as an error and remembered, so that later replies to the
 * same gone caller fail at once instead of holding the server.
 */
export class Replier {
  private readonly obsolete = new Map<string, number>();

  constructor(
    private readonly publisher: Publisher,
    private readonly options: RabbitOptions,
    private readonly logger: Logger,
  ) {}

  /** Sends the final reply (or, with `reply` undefined, a call-monitor heartbeat). */
  async send(msgId: string, replyQueue: string, reply: Reply | undefined): Promise<void> {
    const goneSince = this.obsolete.get(replyQueue);
    if (goneSince !== undefined && Date.now() - goneSince < OBSOLETE_TTL_MS) {
      this.logger.warn("Reply queue doesn't exist; dropping reply", { replyQueue, msgId });
      throw new MessageUndeliverable(replyQueue, 'known to be gone');
    }
    const body = encodeEnvelope(buildReply(msgId, reply));
    const retryFor = this.options.kombu_missing_consumer_retry_timeout * 1000;
    const start = Date.now();
    const what = reply === undefined ? `heartbeat for msg_id ${msgId}` : `reply to msg_id ${msgId}`;
    for (;;) {
      try {
        await this.publisher.publish({
          exchange: undefined,
          routingKey: replyQueue,
          body,
          mandatory: true,
          deadline: start + Math.max(retryFor, this.options.rpc_response_timeout * 1000),
          what,
        });
        return;
      } catch (error) {
        if (!(error instanceof MessageUndeliverable) || reply === undefined) throw error;
        if (Date.now() - start + RETRY_PAUSE_MS > retryFor) {
          this.remember(replyQueue);
          this.logger.error('The reply could not be delivered: its reply queue is missing. Abandoning it.', {
            msgId,
            replyQueue,
            retriedForSeconds: this.options.kombu_missing_consumer_retry_timeout,
          });
          throw error;
        }
        this.logger.debug('The reply could not be delivered (reply queue missing); retrying', { msgId, replyQueue });
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      }
    }
  }

  private remember(replyQueue: string): void {
    this.obsolete.set(replyQueue, Date.now());
    if (this.obsolete.size > OBSOLETE_SIZE) {
      const oldest = this.obsolete.keys().next();
      if (oldest.done !== true) this.obsolete.delete(oldest.value);
    }
  }
}
