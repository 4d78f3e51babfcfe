import type { Target } from './target.js';

/**
 * Errors of the RPC layer, as oslo.messaging's exceptions. Every class has a
 * stable `code`; classes that mirror an oslo.messaging exception also name
 * its Python module (`remoteModule`) so that a failure sent to a Python peer
 * carries the class and module that peer knows.
 */
export class MessagingError extends Error {
  static readonly remoteModule: string = 'oslo_messaging.exceptions';
  readonly code: string = 'MessagingError';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** No reply came in time (`rpc_response_timeout`, or a missed call-monitor heartbeat). */
export class MessagingTimeout extends MessagingError {
  override readonly code = 'MessagingTimeout';
  readonly msgId: string;

  constructor(msgId: string, detail?: string) {
    super(
      `Timed out waiting for a reply to message ID ${msgId}` +
        (detail === undefined ? '' : ` (${detail})`) +
        '. Check that a server listens on the target and is alive, or raise rpc_response_timeout.',
    );
    this.msgId = msgId;
  }
}

/**
 * The driver could not do its job: connection lost, broker refused, message
 * undeliverable. Drivers throw this class or a subclass with its own code.
 */
export class TransportError extends MessagingError {
  override readonly code: string = 'TransportError';
}

/** `transport_url` cannot be parsed; the message shows it with passwords masked. */
export class InvalidTransportUrl extends MessagingError {
  override readonly code = 'InvalidTransportUrl';
  /** The offending URL, passwords masked. */
  readonly url: string;

  constructor(maskedUrl: string, reason: string) {
    super(`Invalid transport_url "${maskedUrl}": ${reason}. Expected e.g. rabbit://user:pass@host:5672/vhost or memory://.`);
    this.url = maskedUrl;
  }
}

/**
 * No driver for the URL's scheme: none installed (the message names those
 * that are), or the one installed failed to load (the message says why).
 */
export class DriverLoadFailure extends MessagingError {
  override readonly code = 'DriverLoadFailure';
  readonly scheme: string;
  readonly installed: readonly string[];

  constructor(scheme: string, maskedUrl: string, installed: readonly string[], problem?: string, options?: ErrorOptions) {
    const known = installed.length === 0 ? 'none' : installed.join(', ');
    super(
      problem === undefined
        ? `No RPC transport driver for scheme "${scheme}" (transport_url "${maskedUrl}"). ` +
            `Installed transports: ${known}. Install the package that provides it ` +
            `(e.g. @net-server/rpc-rabbit for rabbit://) or fix transport_url.`
        : `The RPC transport driver for scheme "${scheme}" (transport_url "${maskedUrl}") failed to load: ${problem}. ` +
            `Reinstall or fix the package that provides it. Installed transports: ${known}.`,
      options,
    );
    this.scheme = scheme;
    this.installed = installed;
  }
}

/** A target unfit for the operation, e.g. a call with fanout or no topic. */
export class InvalidTarget extends MessagingError {
  override readonly code = 'InvalidTarget';
  readonly target: string;

  constructor(reason: string, target: Target) {
    super(`${reason}: ${target.toString()}`);
    this.target = target.toString();
  }
}

/** The message's version is above the client's version cap. */
export class RpcVersionCapError extends MessagingError {
  static override readonly remoteModule: string = 'oslo_messaging.rpc.client';
  override readonly code = 'RpcVersionCapError';
  readonly version: string | undefined;
  readonly versionCap: string;

  constructor(version: string | undefined, versionCap: string) {
    super(
      `Requested message version, ${String(version)} is incompatible. It needs to be equal in major version ` +
        `and less than or equal in minor version as the specified version cap ${versionCap}.`,
    );
    this.version = version;
    this.versionCap = versionCap;
  }
}

/** The server misused: e.g. started twice, or a malformed endpoint. */
export class MessagingServerError extends MessagingError {
  static override readonly remoteModule: string = 'oslo_messaging.server';
  override readonly code: string = 'MessagingServerError';
}

/** No endpoint compatible with the request exposes the method. */
export class NoSuchMethod extends MessagingServerError {
  static override readonly remoteModule = 'oslo_messaging.rpc.dispatcher';
  override readonly code = 'NoSuchMethod';
  readonly method: string;

  constructor(method: string) {
    super(`Endpoint does not support RPC method ${method}`);
    this.method = method;
  }
}

/** No endpoint offers the requested namespace and version. */
export class UnsupportedVersion extends MessagingServerError {
  static override readonly remoteModule = 'oslo_messaging.rpc.dispatcher';
  override readonly code = 'UnsupportedVersion';
  readonly version: string;
  readonly method: string | undefined;

  constructor(version: string, method?: string) {
    super(`Endpoint does not support RPC version ${version}` + (method === undefined ? '' : `. Attempted method: ${method}`));
    this.version = version;
    this.method = method;
  }
}

/**
 * A remote endpoint failed with an error this side does not rebuild (its
 * class is not among the transport's allowed remote errors).
 */
export class RemoteError extends MessagingError {
  static override readonly remoteModule: string = 'oslo_messaging.rpc.client';
  override readonly code = 'RemoteError';
  /** The remote error class, e.g. `NetworkNotFound`. */
  readonly excType: string;
  /** The module of the remote class, e.g. `neutron_lib.exceptions`. */
  readonly excModule: string;
  /** The remote error's message. */
  readonly value: string;
  /** Remote traceback lines; empty for expected errors. */
  readonly traceback: readonly string[];
  /** The remote error's fields (oslo's kwargs). */
  readonly kwargs: Readonly<Record<string, unknown>>;

  constructor(excType: string, excModule: string, value: string, traceback: readonly string[], kwargs: Record<string, unknown> = {}) {
    super(`Remote error: ${excType} ${value}` + (traceback.length === 0 ? '' : `\n${traceback.join('')}`));
    this.excType = excType;
    this.excModule = excModule;
    this.value = value;
    this.traceback = traceback;
    this.kwargs = kwargs;
  }
}

/** An RPC option has a value that cannot work. */
export class ConfigurationError extends MessagingError {
  override readonly code = 'ConfigurationError';
}

/** The context given to a client cannot travel: the serializer must make it a plain object. */
export class InvalidContext extends MessagingError {
  override readonly code = 'InvalidContext';
}
