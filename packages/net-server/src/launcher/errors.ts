/** A service's children cannot start (e.g. the API port is taken): the server stops. */
export class ServiceStartError extends Error {
  readonly code = 'SERVICE_START_FAILED';

  constructor(
    readonly service: string,
    readonly reason: string,
  ) {
    super(`The ${service} could not start: ${reason}. Fix the cause (see the log above) and start net-server again.`);
    this.name = 'ServiceStartError';
  }
}

/** A service stopped while the server was running, so the rest is stopped too. */
export class ServiceDiedError extends Error {
  readonly code = 'SERVICE_DIED';

  constructor(
    readonly service: string,
    reason: string,
  ) {
    super(`The ${service} ended unexpectedly (${reason}); the other services were stopped with it. See the log above.`);
    this.name = 'ServiceDiedError';
  }
}
