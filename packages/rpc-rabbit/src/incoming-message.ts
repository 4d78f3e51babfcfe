import type { IncomingMessage, Reply, RequestContext, RequestMessage } from '@net-server/rpc';
import type { Replier } from './replier.js';

/** A request handed to the RPC server; calls are answered through the {@link Replier}. */
export class RabbitIncomingMessage implements IncomingMessage {
  readonly expectsReply: boolean;
  readonly callMonitorTimeoutMs?: number;
  private replied = false;

  constructor(
    readonly context: RequestContext,
    readonly message: RequestMessage,
    readonly id: string,
    private readonly call: { msgId: string; replyQueue: string } | undefined,
    monitorTimeoutSeconds: number | undefined,
    private readonly replier: Replier,
  ) {
    this.expectsReply = call !== undefined;
    if (call !== undefined && monitorTimeoutSeconds !== undefined) this.callMonitorTimeoutMs = monitorTimeoutSeconds * 1000;
  }

  async reply(reply: Reply): Promise<void> {
    if (this.call === undefined || this.replied) return;
    this.replied = true;
    await this.replier.send(this.call.msgId, this.call.replyQueue, reply);
  }

  async heartbeat(): Promise<void> {
    if (this.call === undefined || this.replied) return;
    await this.replier.send(this.call.msgId, this.call.replyQueue, undefined);
  }
}
