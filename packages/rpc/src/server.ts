import type { Logger } from '@net-server/lib';
import { RpcDispatcher, type AccessPolicy, type DispatchOutcome } from './dispatcher.js';
import type { IncomingMessage, Listener, Reply } from './driver.js';
import { InvalidTarget, MessagingServerError, NoSuchMethod } from './errors.js';
import { toRemoteFailure } from './remote-failure.js';
import { NoOpSerializer, type Serializer } from './serializer.js';
import type { Target } from './target.js';
import type { Transport } from './transport.js';

export interface RpcServerOptions {
  /**
   * How many requests run at once (oslo's `executor_thread_pool_size`);
   * further requests wait in arrival order. Default 64.
   */
  concurrency?: number;
  serializer?: Serializer;
  /** Which endpoint methods RPC may call; default: all but `_`-prefixed ones. */
  accessPolicy?: AccessPolicy;
  logger?: Logger;
}

export const DEFAULT_EXECUTOR_CONCURRENCY = 64;

type State = 'idle' | 'running' | 'stopped';

/**
 * Serves endpoints on a target (topic, topic.server and the topic's fanout),
 * as oslo.messaging's RPCServer: `start()` consumes, `stop()` stops taking
 * messages, `wait()` resolves once every message already received has been
 * handled and answered.
 */
export class RpcServer {
  readonly target: Target;
  private readonly dispatcher: RpcDispatcher;
  private readonly concurrency: number;
  private readonly logger: Logger;
  private state: State = 'idle';
  private listener: Listener | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private readonly backlog: IncomingMessage[] = [];
  private active = 0;
  private drained: Array<() => void> = [];

  constructor(
    private readonly transport: Transport,
    target: Target,
    endpoints: readonly object[],
    options: RpcServerOptions = {},
  ) {
    if (target.topic === undefined || target.server === undefined) {
      throw new InvalidTarget("A server's target must have topic and server names specified", target);
    }
    const concurrency = options.concurrency ?? DEFAULT_EXECUTOR_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new MessagingServerError(`RpcServer concurrency must be a positive integer, got ${String(concurrency)}`);
    }
    this.target = target;
    this.concurrency = concurrency;
    this.dispatcher = new RpcDispatcher(endpoints, options.serializer ?? new NoOpSerializer(), options.accessPolicy);
    this.logger = (options.logger ?? transport.logger).child({ topic: target.topic, server: target.server });
  }

  /** Start consuming; a no-op while running. A stopped server may start again. */
  async start(): Promise<void> {
    if (this.starting) return this.starting;
    if (this.state === 'running') return;
    this.starting = (async () => {
      try {
        this.listener = await this.transport.listen(this.target, (incoming) => this.receive(incoming));
        this.state = 'running';
        this.stopping = undefined;
        this.logger.debug('RPC server started', { target: this.target.toString() });
      } finally {
        this.starting = undefined;
      }
    })();
    return this.starting;
  }

  /** Stop taking new messages; those already received are still handled (see {@link wait}). */
  async stop(): Promise<void> {
    if (this.starting) await this.starting;
    if (this.stopping) return this.stopping;
    if (this.state !== 'running') return;
    const listener = this.listener;
    this.listener = undefined;
    this.stopping = (async () => {
      await listener?.stop();
      this.state = 'stopped';
      this.settleIfDrained();
    })();
    return this.stopping;
  }

  /** Resolve once stopped and every received message has been handled. */
  async wait(): Promise<void> {
    if (this.state === 'idle') return;
    if (this.state === 'running' && !this.stopping) {
      this.logger.warn('RpcServer.wait() called before stop(); it resolves only after stop()');
    }
    await new Promise<void>((resolve) => {
      this.drained.push(resolve);
      this.settleIfDrained();
    });
  }

  /** Requests being handled and waiting for a slot. */
  get load(): { active: number; queued: number } {
    return { active: this.active, queued: this.backlog.length };
  }

  private receive(incoming: IncomingMessage): void {
    this.backlog.push(incoming);
    this.pump();
  }

  private pump(): void {
    while (this.active < this.concurrency && this.backlog.length > 0) {
      const incoming = this.backlog.shift() as IncomingMessage;
      this.active += 1;
      void this.handle(incoming).finally(() => {
        this.active -= 1;
        this.pump();
        this.settleIfDrained();
      });
    }
  }

  private settleIfDrained(): void {
    if (this.state !== 'stopped' || this.active > 0 || this.backlog.length > 0) return;
    for (const resolve of this.drained.splice(0)) resolve();
  }

  private async handle(incoming: IncomingMessage): Promise<void> {
    const stopHeartbeat = this.heartbeat(incoming);
    let outcome: DispatchOutcome;
    try {
      outcome = await this.dispatcher.dispatch(incoming);
    } finally {
      stopHeartbeat();
    }
    if (!outcome.ok) this.logFailure(incoming, outcome.error, outcome.expected);
    if (!incoming.expectsReply) return;
    const reply: Reply = outcome.ok ? { result: outcome.result } : { failure: toRemoteFailure(outcome.error, outcome.expected) };
    try {
      await incoming.reply(reply);
    } catch (error) {
      this.logger.error('Can not send reply for message', { msgId: incoming.id, method: incoming.message.method, error });
      // A result the transport cannot carry must still end the call.
      if (outcome.ok) await incoming.reply({ failure: toRemoteFailure(error, false) }).catch(() => undefined);
    }
  }

  /** oslo's call-monitor watchdog: tell a monitoring caller every half of its timeout that we are alive. */
  private heartbeat(incoming: IncomingMessage): () => void {
    const timeout = incoming.callMonitorTimeoutMs;
    if (!incoming.expectsReply || timeout === undefined || !(timeout > 0)) return () => undefined;
    const timer = setInterval(() => {
      incoming.heartbeat().catch((error: unknown) => {
        this.logger.debug('Call-monitor heartbeat failed', { msgId: incoming.id, error });
        clearInterval(timer);
      });
    }, timeout / 2);
    return () => clearInterval(timer);
  }

  private logFailure(incoming: IncomingMessage, error: unknown, expected: boolean): void {
    const fields = { msgId: incoming.id, method: incoming.message.method, error };
    if (expected) this.logger.debug('Expected exception during message handling', fields);
    else if (error instanceof NoSuchMethod && error.method.endsWith('_ignore_errors')) this.logger.debug('Method not found', fields);
    else this.logger.error('Exception during message handling', fields);
  }
}
