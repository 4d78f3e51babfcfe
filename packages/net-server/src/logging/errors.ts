import { ConfigError, describeOrigin, type ValueOrigin } from '../config/errors.js';

/** Where an option was set, for the start of a message. */
function setIn(option: string, origin: ValueOrigin): string {
  return origin.kind === 'default' ? `[DEFAULT] ${option} (its default)` : `${describeOrigin(origin)}: [DEFAULT] ${option}`;
}

/** The configured log file cannot be opened: start fails rather than run without its logs. */
export class LogFileUnusableError extends ConfigError {
  readonly code = 'LOG_FILE_UNUSABLE';

  constructor(
    readonly path: string,
    /** The option that named it (log_file, or log_dir alone), and where it was set. */
    option: string,
    origin: ValueOrigin,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`${setIn(option, origin)}: ${reason}. Fix the path or its permissions, or unset log_file and log_dir to log to stderr.`, options);
    this.name = 'LogFileUnusableError';
  }
}

/**
 * use_syslog is set and this process cannot send to the syslog daemon: no
 * socket at /dev/log, or the package that sends datagrams is not installed.
 */
export class SyslogUnavailableError extends ConfigError {
  readonly code = 'LOG_SYSLOG_UNAVAILABLE';

  constructor(
    readonly socketPath: string,
    origin: ValueOrigin,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`${setIn('use_syslog', origin)}: cannot log to syslog through ${socketPath}: ${reason}. Fix that, or set use_syslog = false.`, options);
    this.name = 'SyslogUnavailableError';
  }
}
