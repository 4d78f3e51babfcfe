import { PluginConfigError } from '@net-server/lib';

/**
 * Why events could not reach Nova. The notifier logs these (with their
 * code) and goes on: a Nova or Keystone that is away never fails the API
 * request or the agent's RPC call whose change the events describe.
 */
export abstract class NovaNotifierError extends Error {
  abstract readonly code: string;
}

/** No complete HTTP answer: refused, reset, unresolvable, TLS failure or timeout (keystoneauth's ConnectFailure/ConnectTimeout). */
export class ConnectionFailure extends NovaNotifierError {
  readonly code = 'NOVA_NOTIFIER_CONNECTION_FAILED';

  constructor(
    readonly url: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${url}: ${reason}`, options);
    this.name = 'ConnectionFailure';
  }
}

/** Keystone answered the password authentication with an error, or without a token. */
export class KeystoneAuthFailed extends NovaNotifierError {
  readonly code = 'NOVA_KEYSTONE_AUTH_FAILED';

  constructor(
    readonly authUrl: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`Keystone at ${authUrl} refused the [nova] credentials: HTTP ${status} ${body.slice(0, 300)}`);
    this.name = 'KeystoneAuthFailed';
  }
}

/** The token's catalog has no endpoint of the service type with the configured interface (and region). */
export class EndpointNotFound extends NovaNotifierError {
  readonly code = 'NOVA_ENDPOINT_NOT_FOUND';

  constructor(
    readonly serviceType: string,
    readonly interfaceName: string,
    readonly region: string | undefined,
  ) {
    super(
      `the Keystone catalog has no ${interfaceName} endpoint of the ${serviceType} service${region ? ` in region ${region}` : ''}; ` +
        'check [nova] endpoint_type and region_name, and that the token is scoped to a project (project_name or project_id)',
    );
    this.name = 'EndpointNotFound';
  }
}

/** Nova answered the events request with an error status (not 200 or 207). */
export class NovaRequestFailed extends NovaNotifierError {
  readonly code = 'NOVA_REQUEST_FAILED';

  constructor(
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`Nova answered ${url} with HTTP ${status}: ${body.slice(0, 500)}`);
    this.name = 'NovaRequestFailed';
  }
}

/** [nova] names an auth type whose required options are missing: the server does not start, as neutron-server does not. */
export class NovaAuthConfigError extends PluginConfigError {
  override readonly code = 'NOVA_AUTH_INVALID';

  constructor(option: string, problem: string) {
    super('nova', option, problem);
    this.name = 'NovaAuthConfigError';
  }
}
