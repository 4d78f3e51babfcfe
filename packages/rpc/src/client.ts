import type { Reply, RequestMessage, SendOptions } from './driver.js';
import { ConfigurationError, InvalidTarget, RpcVersionCapError, TransportError } from './errors.js';
import { fromRemoteFailure } from './remote-failure.js';
import { NoOpSerializer, type Serializer } from './serializer.js';
import { Target, type TargetFields } from './target.js';
import type { Transport } from './transport.js';
import { parseVersion, versionIsCompatible } from './version.js';

export interface RpcClientOptions {
  /** Call timeout in ms; default the transport's `rpc_response_timeout`. */
  timeoutMs?: number;
  /** The highest version this client may send (rolling upgrades). */
  versionCap?: string;
  serializer?: Serializer;
  /**
   * Ask the server for heartbeats every half of this while a call runs and
   * fail the call when one is missed; `timeoutMs` still bounds the call.
   */
  callMonitorTimeoutMs?: number;
}

export type PrepareOverrides = TargetFields & Omit<RpcClientOptions, 'serializer'>;

function checkVersion(version: string | undefined, target: Target): void {
  if (version !== undefined && !parseVersion(version)) {
    throw new InvalidTarget(`Version must contain a major and minor integer. Got ${version}`, target);
  }
}

function checkPositive(name: string, value: number | undefined): void {
  if (value !== undefined && !(typeof value === 'number' && value > 0)) {
    throw new ConfigurationError(`RpcClient ${name} must be a positive number of ms, got ${String(value)}`);
  }
}

/**
 * Invokes methods on RPC servers, as oslo.messaging's RPCClient: `call`
 * waits for the result (or the remote error), `cast` does not; a fanout
 * target casts to every server on the topic; `prepare` derives a client
 * with another target, timeout or version cap.
 */
export class RpcClient {
  readonly target: Target;
  readonly timeoutMs: number | undefined;
  readonly versionCap: string | undefined;
  readonly callMonitorTimeoutMs: number | undefined;
  private readonly serializer: Serializer;

  constructor(
    readonly transport: Transport,
    target: Target,
    options: RpcClientOptions = {},
  ) {
    checkVersion(target.version, target);
    checkPositive('timeoutMs', options.timeoutMs);
    checkPositive('callMonitorTimeoutMs', options.callMonitorTimeoutMs);
    this.target = target;
    this.timeoutMs = options.timeoutMs;
    this.versionCap = options.versionCap;
    this.callMonitorTimeoutMs = options.callMonitorTimeoutMs;
    this.serializer = options.serializer ?? new NoOpSerializer();
  }

  /** A client for the same transport with some target fields or options changed. */
  prepare(overrides: PrepareOverrides = {}): RpcClient {
    const { timeoutMs, versionCap, callMonitorTimeoutMs, ...fields } = overrides;
    const has = (key: keyof PrepareOverrides): boolean => Object.hasOwn(overrides, key);
    return new RpcClient(this.transport, this.target.with(fields), {
      timeoutMs: has('timeoutMs') ? timeoutMs : this.timeoutMs,
      versionCap: has('versionCap') ? versionCap : this.versionCap,
      callMonitorTimeoutMs: has('callMonitorTimeoutMs') ? callMonitorTimeoutMs : this.callMonitorTimeoutMs,
      serializer: this.serializer,
    });
  }

  /** Whether `version` (default the target's) is within the version cap. */
  canSendVersion(version: string | undefined = this.target.version): boolean {
    return versionIsCompatible(this.versionCap, version);
  }

  /** Invoke `method` and resolve to its result; rejects with the remote error or MessagingTimeout. */
  async call(context: unknown, method: string, args: Record<string, unknown> = {}): Promise<unknown> {
    if (this.target.fanout) throw new InvalidTarget('A call cannot be used with fanout', this.target);
    const options: SendOptions = { waitForReply: true, timeoutMs: this.timeoutMs ?? this.transport.rpcResponseTimeoutMs };
    if (this.callMonitorTimeoutMs !== undefined) options.callMonitorTimeoutMs = this.callMonitorTimeoutMs;
    const reply = await this.send(context, method, args, options);
    if (reply === undefined) throw new TransportError(`The transport driver answered call ${method} without a reply`);
    if ('failure' in reply) throw fromRemoteFailure(reply.failure, this.transport.allowedRemoteErrors);
    return this.serializer.deserializeEntity(context, reply.result);
  }

  /** Invoke `method` without waiting (to every server of the topic when the target is fanout). */
  async cast(context: unknown, method: string, args: Record<string, unknown> = {}): Promise<void> {
    await this.send(context, method, args, { waitForReply: false });
  }

  private send(context: unknown, method: string, args: Record<string, unknown>, options: SendOptions): Promise<Reply | undefined> {
    if (this.target.topic === undefined) throw new InvalidTarget('A target needs a topic to send to', this.target);
    const message: RequestMessage = { method, args: {} };
    for (const name of Object.keys(args)) message.args[name] = this.serializer.serializeEntity(context, args[name]);
    if (this.target.namespace !== undefined) message.namespace = this.target.namespace;
    if (this.target.version !== undefined) message.version = this.target.version;
    if (!versionIsCompatible(this.versionCap, message.version)) throw new RpcVersionCapError(message.version, this.versionCap ?? '');
    return this.transport.send(this.target, this.serializer.serializeContext(context), message, options);
  }
}
