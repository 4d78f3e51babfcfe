/** The levels a Logger writes at, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Fields a log line carries besides its message. */
export type LogFields = Record<string, unknown>;

/**
 * One log record as its JSON line holds it: when (ISO 8601, UTC), the
 * level, the writing process, the message, then the logger's bound fields
 * and the call's own fields. Error values have become
 * `{ name, message, code?, stack }`.
 */
export interface LogRecord extends LogFields {
  time: string;
  level: LogLevel;
  pid: number;
  msg: string;
}

/** An Error as a record holds it. */
export interface LoggedError {
  name: string;
  message: string;
  code?: unknown;
  stack?: string;
}

/** Replaces Error values by what a record keeps of them: JSON would keep nothing. */
export function serialiseErrors(fields: LogFields): LogFields {
  let copy: LogFields | undefined;
  for (const [key, value] of Object.entries(fields)) {
    if (!(value instanceof Error)) continue;
    copy ??= { ...fields };
    const code = (value as { code?: unknown }).code;
    const logged: LoggedError = { name: value.name, message: value.message, ...(code === undefined ? {} : { code }) };
    if (value.stack !== undefined) logged.stack = value.stack;
    copy[key] = logged;
  }
  return copy ?? fields;
}

export function isLoggedError(value: unknown): value is LoggedError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string' &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { stack?: unknown }).stack === 'string'
  );
}
