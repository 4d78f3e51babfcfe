/**
 * Where a message goes, or what a server listens on: oslo.messaging's Target.
 * Immutable; {@link Target.with} derives a changed copy (the client's
 * `prepare`).
 */
export interface TargetFields {
  /** Exchange; the transport's control exchange when unset. */
  exchange?: string;
  topic?: string;
  /** A specific server (host) on the topic. */
  server?: string;
  /** Deliver to every server listening on the topic. */
  fanout?: boolean;
  /** `major.minor` API version the message needs / the endpoint offers. */
  version?: string;
  namespace?: string;
}

export class Target implements TargetFields {
  readonly exchange?: string;
  readonly topic?: string;
  readonly server?: string;
  readonly fanout: boolean;
  readonly version?: string;
  readonly namespace?: string;

  constructor(fields: TargetFields = {}) {
    if (fields.exchange !== undefined) this.exchange = fields.exchange;
    if (fields.topic !== undefined) this.topic = fields.topic;
    if (fields.server !== undefined) this.server = fields.server;
    this.fanout = fields.fanout ?? false;
    if (fields.version !== undefined) this.version = fields.version;
    if (fields.namespace !== undefined) this.namespace = fields.namespace;
    Object.freeze(this);
  }

  with(overrides: TargetFields): Target {
    return new Target({ ...this.fields(), ...overrides });
  }

  fields(): TargetFields {
    const { exchange, topic, server, fanout, version, namespace } = this;
    return { exchange, topic, server, fanout, version, namespace };
  }

  toString(): string {
    const parts = Object.entries(this.fields())
      .filter(([, value]) => value !== undefined && value !== false)
      .map(([key, value]) => `${key}=${String(value)}`);
    return `<Target ${parts.join(', ')}>`;
  }
}
