/** A testkit failure, with a stable `code` and a message that says what to do. */
export class TestkitError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TestkitError';
  }
}
