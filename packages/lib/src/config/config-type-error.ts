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

  /**
   * Recognises the error by its code, so that a type from another copy of
   * this package (a plugin with its own node_modules) is still understood.
   */
  static is(error: unknown): error is ConfigTypeError {
    return (
      error instanceof Error && (error as { code?: unknown }).code === 'CONFIG_TYPE_ERROR' && typeof (error as { expected?: unknown }).expected === 'string'
    );
  }
}
