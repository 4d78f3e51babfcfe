import { TransportError } from '@net-server/rpc';

/**
 * Errors of the rabbit driver. All are {@link TransportError}s, so the RPC
 * layer handles them like any transport failure; `code` tells them apart.
 */

/** An `[oslo_messaging_rabbit]` option or URL query value is invalid. */
export class InvalidRabbitOption extends TransportError {
  override readonly code = 'RabbitInvalidOption';
  readonly option: string;

  constructor(option: string, value: string, expected: string, source: string) {
    super(
      `Invalid value "${value}" for rabbit option ${option} (from ${source}): expected ${expected}. Fix the option in [oslo_messaging_rabbit] or in transport_url.`,
    );
    this.option = option;
  }
}

/** A message could not be published within its deadline (broker unreachable, nacked, channel lost). */
export class MessageDeliveryFailure extends TransportError {
  override readonly code = 'RabbitDeliveryFailure';
}

/**
 * A mandatory message (a reply) was returned by the broker: its queue does
 * not exist, so the caller is gone or its reply queue expired.
 */
export class MessageUndeliverable extends TransportError {
  override readonly code = 'RabbitMessageUndeliverable';
  readonly routingKey: string;

  constructor(routingKey: string, replyText: string) {
    super(`The broker returned a message for queue "${routingKey}" as unroutable (${replyText}): the caller's reply queue is gone.`);
    this.routingKey = routingKey;
  }
}

/** The driver was cleaned up while the operation was pending. */
export class DriverClosed extends TransportError {
  override readonly code = 'RabbitDriverClosed';

  constructor(what: string) {
    super(`The rabbit driver was closed (cleanup) while ${what}; create a new transport to continue.`);
  }
}

/** Broker objects exist with flags or arguments other than the driver's options ask for. */
export class TopologyMismatch extends TransportError {
  override readonly code = 'RabbitTopologyMismatch';
}

/** The message or its context cannot be encoded as JSON. */
export class UnserializableMessage extends TransportError {
  override readonly code = 'RabbitUnserializableMessage';
}
