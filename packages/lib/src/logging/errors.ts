/**
 * A date format (oslo.log's `log_date_format`) with a directive Python's
 * time.strftime on Linux would not expand. Raised when the format is
 * checked, so that a typo is reported at start instead of printed into
 * every log line.
 */
export class InvalidDateFormatError extends Error {
  readonly code = 'LOG_DATE_FORMAT_INVALID';

  constructor(
    readonly format: string,
    readonly directive: string,
  ) {
    super(
      `date format ${JSON.stringify(format)} has the directive "${directive}", which strftime does not know; ` +
        'use the directives of Python’s time.strftime (%Y-%m-%d %H:%M:%S, %b, %a, %z...)',
    );
    this.name = 'InvalidDateFormatError';
  }
}

/** A log file that cannot be opened for appending (missing permission, a directory in the way...). */
export class LogFileOpenError extends Error {
  readonly code = 'LOG_FILE_OPEN_FAILED';

  constructor(
    readonly path: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot open the log file ${path} for appending: ${reason}`, options);
    this.name = 'LogFileOpenError';
  }
}
