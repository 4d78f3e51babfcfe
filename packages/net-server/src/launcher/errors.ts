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

/** A server whose plan forks children was started without the command that starts them. */
export class ChildCommandMissingError extends Error {
  readonly code = 'CHILD_COMMAND_MISSING';

  constructor(services: readonly string[]) {
    super(
      `The plan forks ${services.join(', ')} but the server was started without a child command: ` +
        'pass NetServer.start the command that runs net-server start, or plan every service in this process (worker counts of 0).',
    );
    this.name = 'ChildCommandMissingError';
  }
}
