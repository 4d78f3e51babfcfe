/** A scaffolding failure, with a stable `code` and a message that says what to do. */
export class ScaffoldError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ScaffoldError';
  }
}
