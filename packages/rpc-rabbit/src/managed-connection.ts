import type { Logger } from '@net-server/lib';
import { connect, type ChannelModel } from 'amqplib';
import type { BrokerEndpoint } from './broker-endpoints.js';
import { maskSecrets } from './broker-endpoints.js';
import { DriverClosed, MessageDeliveryFailure, TopologyMismatch } from './errors.js';
import { ReconnectSchedule } from './reconnect-schedule.js';
import type { RabbitOptions } from './options.js';

/** Something that needs channels on the connection, set up again after every reconnect. */
export interface ConnectionUser {
  attach(connection: ChannelModel): Promise<void>;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * How often to try again while the broker says the virtual host does not
 * exist: a vhost deleted and re-created (a broker restored, an operator's
 * reset) comes back at a moment nobody announces, and every second the
 * servers are not consuming again, agents' calls go to a topic with no queue
 * and are lost. A refused connection costs the broker next to nothing.
 */
const MISSING_VHOST_RETRY_MS = 200;

/**
 * The broker refused the virtual host after the login succeeded: RabbitMQ
 * answers connection.open with connection.close (530 NOT_ALLOWED: no such
 * vhost, or no permission on it yet), which amqplib reports without the
 * reply code. A wrong password fails earlier, as 403 ACCESS_REFUSED.
 */
function isMissingVhost(error: unknown): boolean {
  return /Expected ConnectionOpenOk; got <ConnectionClose/.test(describe(error));
}

/**
 * One AMQP connection that stays up: it connects to the brokers in failover
 * order, reconnects with oslo.messaging's backoff after a loss, and lets its
 * users re-create their channels, queues and consumers on the new
 * connection. Nothing here throws at a caller except {@link ready}.
 */
export class ManagedConnection {
  /** The connection once every user is attached to it. */
  private current: ChannelModel | undefined;
  /** The connection whose users are being attached. */
  private attaching: ChannelModel | undefined;
  private closed = false;
  private connecting: Promise<void> | undefined;
  private readonly users = new Set<ConnectionUser>();
  private readonly waiters = new Set<() => void>();
  private readonly schedule: ReconnectSchedule;
  private delayTimer: NodeJS.Timeout | undefined;
  private wakeDelay: (() => void) | undefined;

  constructor(
    readonly name: string,
    private readonly endpoints: readonly BrokerEndpoint[],
    private readonly options: RabbitOptions,
    private readonly logger: Logger,
    private readonly secrets: readonly string[],
  ) {
    this.schedule = new ReconnectSchedule(endpoints.length, options);
  }

  /** Registers a user and, when connected, attaches it now. */
  async use(user: ConnectionUser): Promise<void> {
    this.users.add(user);
    const connection = this.current ?? this.attaching;
    this.start();
    if (connection !== undefined) await user.attach(connection);
  }

  release(user: ConnectionUser): void {
    this.users.delete(user);
  }

  get connection(): ChannelModel | undefined {
    return this.current;
  }

  /** The live connection, waiting for a (re)connect up to `deadline` (epoch ms). */
  async ready(deadline: number, what: string): Promise<ChannelModel> {
    for (;;) {
      if (this.closed) throw new DriverClosed(what);
      if (this.current !== undefined) return this.current;
      this.start();
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new MessageDeliveryFailure(
          `No connection to the AMQP broker (${this.endpoints.map((endpoint) => endpoint.label).join(', ')}) while ${what}; ` +
            'the driver keeps reconnecting. Check that RabbitMQ is running and reachable.',
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter();
  }

  /** Starts connecting unless connected or already on it. */
  start(): void {
    if (this.closed || this.current !== undefined || this.attaching !== undefined || this.connecting !== undefined) return;
    this.connecting = this.connectLoop().finally(() => {
      this.connecting = undefined;
    });
  }

  private async connectLoop(initialDelay = 0): Promise<void> {
    let delay = initialDelay;
    let reportedMissingVhost = false;
    while (!this.closed) {
      if (delay > 0) await this.sleep(delay);
      if (this.closed) return;
      const endpoint = this.schedule.nextEndpoint(this.endpoints);
      try {
        const connection = await connect(endpoint.connect, endpoint.socket);
        if (this.closed) {
          await connection.close().catch(() => undefined);
          return;
        }
        this.schedule.succeeded();
        this.adopt(connection, endpoint);
        return;
      } catch (error) {
        const scheduled = this.schedule.failed();
        const missingVhost = isMissingVhost(error);
        delay = missingVhost ? Math.min(scheduled, MISSING_VHOST_RETRY_MS) : scheduled;
        // Polled while the vhost is missing: said once, not five times a second.
        if (!missingVhost || !reportedMissingVhost) {
          this.logger.error('AMQP connection failed', {
            connection: this.name,
            broker: endpoint.label,
            error: maskSecrets(describe(error), this.secrets),
            retryInSeconds: delay / 1000,
            ...(missingVhost ? { hint: 'the virtual host does not exist: retrying until it is created' } : {}),
          });
        }
        reportedMissingVhost ||= missingVhost;
      }
    }
  }

  private adopt(connection: ChannelModel, endpoint: BrokerEndpoint): void {
    this.attaching = connection;
    this.logger.info('Connected to AMQP broker', { connection: this.name, broker: endpoint.label });
    connection.on('error', (error: unknown) => {
      this.logger.warn('AMQP connection error', { connection: this.name, broker: endpoint.label, error: maskSecrets(describe(error), this.secrets) });
    });
    connection.on('blocked', (reason: unknown) => {
      this.logger.error('The broker has blocked the connection', { connection: this.name, reason: String(reason) });
    });
    connection.on('unblocked', () => {
      this.logger.info('The broker has unblocked the connection', { connection: this.name });
    });
    connection.once('close', (error: unknown) => {
      if (this.current === connection) this.current = undefined;
      if (this.attaching === connection) this.attaching = undefined;
      if (this.closed) return;
      this.schedule.lost();
      this.logger.error('AMQP connection lost; reconnecting', {
        connection: this.name,
        broker: endpoint.label,
        error: maskSecrets(describe(error), this.secrets),
        retryInSeconds: this.options.kombu_reconnect_delay,
      });
      this.connecting ??= this.connectLoop(this.options.kombu_reconnect_delay * 1000).finally(() => {
        this.connecting = undefined;
      });
    });
    void this.attachUsers(connection);
  }

  private async attachUsers(connection: ChannelModel): Promise<void> {
    await Promise.all(
      [...this.users].map(async (user) => {
        try {
          await user.attach(connection);
        } catch (error) {
          // A broker object declared with other flags is a configuration
          // problem of that user alone: reconnecting would not fix it and
          // would take the other users down with it.
          if (error instanceof TopologyMismatch) {
            this.logger.error('Setting up channels after connect failed', { connection: this.name, error: error.message });
            return;
          }
          // Anything else (a channel refused, the connection dying) would
          // leave the user without consumers: start over.
          this.logger.error('Setting up channels after connect failed; reconnecting', {
            connection: this.name,
            error: maskSecrets(describe(error), this.secrets),
          });
          await connection.close().catch(() => undefined);
        }
      }),
    );
    if (this.attaching === connection) {
      this.attaching = undefined;
      this.current = connection;
      this.wake();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeDelay = resolve;
      this.delayTimer = setTimeout(resolve, ms);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.delayTimer);
    this.wakeDelay?.();
    this.wake();
    const connection = this.current ?? this.attaching;
    this.current = undefined;
    this.attaching = undefined;
    if (connection !== undefined) await connection.close().catch(() => undefined);
    await this.connecting;
  }
}
