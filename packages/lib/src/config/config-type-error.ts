/**
 * Thrown by a `ConfigType` when a raw value does not parse. The message says
 * what was wrong with the value only; the server's config loader wraps it in
 * an error that also names the file, section and option.
 */
export class ConfigTypeError extends Error {
  readonly code = 'CONFIG_TYPE_ERROR';

  constructor(
    message: string,
    /** What the type accepts, e.g. "an integer between 1 and 65535". */
    readonly expected: string,
  ) {
    super(message);
    this.name = 'ConfigTypeError';
  }
}
